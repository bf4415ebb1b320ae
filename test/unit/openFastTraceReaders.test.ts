import * as assert from 'node:assert/strict';
import { LineIndex, type ItemDefinition, type Link, type Range } from '../../src/core';
import { readOftMarkdown } from '../../src/core/extract/oftMarkdown';
import { isOftTagFile, readOftTags } from '../../src/core/extract/oftTags';
import { withOpenFastTrace } from '../../src/core/extract/openFastTrace';
import { joinLines } from './util';

/** The text a range covers. */
function covered(source: string, range: Range): string {
  const lines = new LineIndex(source);
  return source.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

/** An item as `id "title" {attributes}`, and a link as `from type to`: compact in assertion diffs. */
const itemKey = (item: ItemDefinition) => `${item.id} "${item.title}" ${JSON.stringify(item.attributes)}`;
const linkKey = (link: Link) => `${link.from} ${link.type} ${link.to}`;

describe('OpenFastTrace Markdown reader', () => {
  const spec = joinLines(
    '# Pump controller',
    '',
    '## Dose limit',
    '`req~dose-limit~1`',
    'Status: draft',
    '',
    'The pump refuses a dose above the hard limit.',
    '',
    'Rationale:',
    'Overdoses harm.',
    '',
    'Covers:',
    '- feat~dose-control~1',
    '* `feat~safety~2`',
    '',
    'Depends:',
    '+ req~drug-library~1',
    '',
    'Needs: dsn, uman',
    '',
    'Tags: Safety, Dosing',
    '',
    '## Drug library',
    '`req~drug-library~01`',
    '',
    'Needs:',
    '- dsn',
    '- itest',
  );
  const { items, links } = readOftMarkdown('doc/reqs.md', spec, false);

  it('makes an ID at the start of a line an item titled by the heading before it, with Needs, Covers, Depends, Status and Tags', () => {
    assert.deepEqual(items.map(itemKey), [
      'req~dose-limit~1 "Dose limit" {"artifact type":"req","status":"draft","needs":"dsn, uman","tags":"Safety, Dosing"}',
      'req~drug-library~1 "Drug library" {"artifact type":"req","needs":"dsn, itest"}',
    ]);
    assert.deepEqual(links.map(linkKey), ['req~dose-limit~1 covers feat~dose-control~1', 'req~dose-limit~1 covers feat~safety~2', 'req~dose-limit~1 depends req~drug-library~1']);
    assert.ok(items.every((item) => item.kind === 'specification'));
  });

  it('places an item at its ID, its section from its heading to its last line, and a link at the ID it names', () => {
    const [limit, library] = items;
    assert.equal(covered(spec, limit!.location.range), 'req~dose-limit~1');
    assert.match(covered(spec, limit!.sectionRange), /^## Dose limit\n[^]*Tags: Safety, Dosing$/);
    assert.equal(covered(spec, library!.location.range), 'req~drug-library~01', 'the revision is written 01 and read as 1, as OpenFastTrace does');
    assert.equal(covered(spec, links[1]!.location.range), 'feat~safety~2');
  });

  it('makes a forward an item of the skipped artifact type that covers the original and needs the target types', () => {
    const forwarded = readOftMarkdown('doc/design.md', joinLines('# Forwarded', '', '* `dsn --> impl, utest : req~alarm-log~1`', 'arch-->dsn:req~web-ui~2'), false);
    assert.deepEqual(forwarded.items.map(itemKey), [
      'dsn~alarm-log~1 "" {"artifact type":"dsn","needs":"impl, utest","forwards":"req~alarm-log~1"}',
      'arch~web-ui~2 "" {"artifact type":"arch","needs":"dsn","forwards":"req~web-ui~2"}',
    ]);
    assert.deepEqual(forwarded.links.map(linkKey), ['dsn~alarm-log~1 covers req~alarm-log~1', 'arch~web-ui~2 covers req~web-ui~2']);
  });

  it('skips the lines from oft:off to oft:on, and a code block between items', () => {
    const text = joinLines('<!-- oft:off -->', '`req~example~1`', '<!-- oft:on -->', '```', 'req~in-code~1', '```', '`req~real~1`');
    assert.deepEqual(readOftMarkdown('doc/a.md', text, false).items.map((item) => item.id), ['req~real~1']);
  });

  it('follows the importer where it surprises: a title underlined, an ID line in a description, a status after the description', () => {
    const text = joinLines(
      'Underlined title',
      '----------------',
      '`dsn~a~1`',
      'Text of a.',
      'Status: draft',
      'dsn~b~1 starts an item, untitled, since the line starts with an ID.',
      '```',
      '`dsn~c~1`',
      '```',
    );
    assert.deepEqual(readOftMarkdown('doc/a.md', text, false).items.map(itemKey), [
      'dsn~a~1 "Underlined title" {"artifact type":"dsn"}',
      'dsn~b~1 "" {"artifact type":"dsn"}',
      'dsn~c~1 "" {"artifact type":"dsn"}',
    ]);
  });

  it('reads a long line at once: the forward pattern, tried on most lines, is quadratic as OpenFastTrace writes it', () => {
    // Written as `.*?(notation).*?`, a line of 200,000 letters took over a minute (mocha's timeout stops a regression).
    const line = 'a'.repeat(200_000);
    const { items } = readOftMarkdown('doc/a.md', joinLines('`req~a~1`', '', line, `${line} --> dsn : req~a~1`), false);
    assert.deepEqual(items.map((item) => item.id), ['req~a~1', `${line}~a~1`], 'the forward starts where its run of letters starts');
  });

  it('reads at once a long line holding a line break that `.` cannot cross (U+2028), which no title or entry pattern then matches', () => {
    // Tried as regular expressions, a 40,000-character heading or needs entry with one took 13 and 25 seconds.
    const long = 40_000;
    const heading = `${'#'.repeat(long)}\u2028`;
    const entry = `- ${'x '.repeat(long / 2)}\u2028`;
    const { items } = readOftMarkdown('doc/a.md', joinLines(heading, '`req~a~1`', '', 'Needs:', entry, '- impl'), false);
    assert.deepEqual(items.map((item) => [item.id, item.title, item.attributes['needs']]), [['req~a~1', '', 'impl']]);
  });

  it('reads a document only when a line starts with an ID or a forward, and adds what it finds to our own reading', () => {
    const own = { path: 'doc/a.md', items: [], links: [], references: [], problems: [] };
    assert.equal(withOpenFastTrace(own, '# Notes\n\nSee req~x~1 in the text, `req~y~1` too.', false), own);
    assert.deepEqual(withOpenFastTrace(own, '`req~x~1`', false).items.map((item) => item.id), ['req~x~1']);
    assert.equal(withOpenFastTrace({ ...own, path: 'doc/a.mdx' }, '`req~x~1`', false).items.length, 0, 'OpenFastTrace reads .md and .markdown only');
  });
});

describe('OpenFastTrace coverage tags', () => {
  it('makes each tag an item of its artifact type covering the tagged ID, named as OpenFastTrace names it', () => {
    // The names are the ones OpenFastTrace 4.5.0 (ab4cd29) gave these tags at these lines of this path.
    const java = joinLines(...Array.from({ length: 12 }, () => ''), '    // [impl->dsn~dose-limit-check~1]');
    const { items, links } = readOftTags('src/main/java/org/example/pump/DoseController.java', java, false);
    assert.deepEqual(items.map((item) => item.id), ['impl~dose-limit-check-436029862~0']);
    assert.deepEqual(links.map(linkKey), ['impl~dose-limit-check-436029862~0 covers dsn~dose-limit-check~1']);
    assert.equal(covered(java, items[0]!.location.range), '[impl->dsn~dose-limit-check~1]');
    assert.equal(covered(java, links[0]!.location.range), 'dsn~dose-limit-check~1');
    const test = joinLines(...Array.from({ length: 17 }, () => ''), '    // [utest->dsn~dose-rate-control~2] [utest->dsn~alarm-log~1]');
    assert.deepEqual(
      readOftTags('src/test/java/org/example/pump/DoseControllerTest.java', test, true).items.map((item) => item.id),
      ['utest~dose-rate-control-3476144098~0', 'utest~alarm-log-2453019232~0'],
      'the second tag on a line counts as such in its name',
    );
  });

  it('takes a revision, or a name and a revision, for the tag item, and needed types after >>, named after the covered item', () => {
    const text = joinLines('[impl~~2->dsn~a~1]', '[impl~check-a~3->dsn~a~1]', "' [ dsn -> req~login~1 >> impl, utest ]", '[dsn~~4->req~login~1>>impl]');
    const { items, links } = readOftTags('doc/login.puml', text, false);
    assert.match(items[0]!.id, /^impl~a-\d+~2$/);
    assert.deepEqual(items.slice(1).map(itemKey), ['impl~check-a~3 "" {"artifact type":"impl"}', 'dsn~login~0 "" {"artifact type":"dsn","needs":"impl, utest"}', 'dsn~login~4 "" {"artifact type":"dsn","needs":"impl"}']);
    assert.deepEqual(links.map((link) => link.to), ['dsn~a~1', 'dsn~a~1', 'req~login~1', 'req~login~1']);
  });

  it('reads tags anywhere in a line, strings too, of the file types the tag importer reads, by case-sensitive extension', () => {
    const tagged = 'String example = "[utest->dsn~parser~1]";';
    assert.equal(readOftTags('src/ParserTest.java', tagged, true).links[0]!.inTest, true);
    assert.deepEqual(['a.feature', 'a.puml', 'a.tf', 'a.c++', 'a.C', 'a.json', 'a.ts', 'a.py'].filter((path) => !isOftTagFile(path)), []);
    assert.deepEqual(['a.JAVA', 'a.md', 'a.txt', 'a.properties', 'Makefile'].filter(isOftTagFile), []);
    assert.deepEqual(readOftTags('src/a.c', '[impl->dsn~a~1', false).items, [], 'an unclosed tag is no tag');
    assert.deepEqual(readOftTags('src/a.c', '[impl->\ndsn~a~1]', false).items, [], 'a tag does not span lines');
  });
});
