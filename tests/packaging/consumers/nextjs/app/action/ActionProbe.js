'use client';
// Calls the server action and shows what it returned.
import { useState } from 'react';
import { probeAction } from '../actions';

export default function ActionProbe() {
  const [seen, setSeen] = useState();
  return (
    <>
      <button id="run" onClick={async () => setSeen(await probeAction())}>
        Run the probe on the server
      </button>
      {seen && <pre id="probe">{JSON.stringify(seen)}</pre>}
    </>
  );
}
