import fs from 'node:fs';
import path from 'node:path';

/**
 * The README.md of every package at the top of a node_modules folder (scoped ones included): Markdown as
 * people write it, for the Markdown differential test and the bench's parser figures.
 */
export function installedReadmes(modules: string): string[] {
  const packages = fs.readdirSync(modules).flatMap((name) => (name.startsWith('@') ? fs.readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name]));
  return packages.map((name) => path.join(modules, name, 'README.md')).filter((file) => fs.existsSync(file));
}
