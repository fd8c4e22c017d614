// What cargo says of the crate (Cargo.toml as cargo reads it): its version,
// the one the npm package takes too, and its docs.rs settings.
import { run } from '../packaging/harness/processes.mjs';
import { ROOT } from '../packaging/harness/apps.mjs';

/** The `cargo metadata` record of the moonshot-files crate, and the target folder. */
export async function crateMetadata() {
  const { stdout } = await run('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: ROOT });
  const metadata = JSON.parse(stdout);
  const crate = metadata.packages.find((found) => found.name === 'moonshot-files');
  if (!crate) throw new Error('cargo metadata names no moonshot-files crate');
  return { crate, targetDirectory: metadata.target_directory };
}
