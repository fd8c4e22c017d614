// Runs a Node script in a fresh process and returns what it printed as JSON;
// kills it (by its own pid) when it outlives `timeoutMs`.
import { spawn } from 'node:child_process';

export function runNode(script, arg, { nodeArgs = [], timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} took over ${Math.round(timeoutMs / 1000)} s and was stopped`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out));
      else if (!signal) reject(new Error(`${script} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/** Starts bench/lib/api-server.mjs in its own process; it stops when we do. */
export function startApiProcess(script) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the API server exited ${code} before it listened`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.indexOf('\n');
      if (line < 0) return;
      child.removeAllListeners('exit');
      const info = JSON.parse(out.slice(0, line));
      resolve({
        ...info,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
