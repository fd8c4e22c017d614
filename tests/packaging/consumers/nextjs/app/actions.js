'use server';
// A server action: runs on the server when the page's button calls it.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../probe.mjs';

export async function probeAction() {
  return probe({ Moonshot, AuthenticationError });
}
