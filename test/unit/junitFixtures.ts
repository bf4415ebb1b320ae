import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readJUnit, type JUnitFile } from '../../src/core/extract/junit';

const fixtures = path.resolve(__dirname, '../fixtures/junit');

/** Reads a hand-written fixture in one producer's default format (test/fixtures/junit/), as `results/<name>`. */
export function fixture(name: string): JUnitFile {
  return readJUnit(`results/${name}`, readFileSync(path.join(fixtures, name), 'utf8'));
}
