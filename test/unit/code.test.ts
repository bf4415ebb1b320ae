import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, commentSyntaxFor, extractFile, type FileContributions } from '../../src/core';
import { joinLines } from './util';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
function extract(path: string, text: string, isTest = false): FileContributions {
  return extractFile(path, text, { matcher, isTest });
}
const summary = (result: FileContributions) => [
  ...result.links.map((l) => `${l.type} ${l.to}@${l.location.range.start.line}:${l.location.range.start.character}`),
  ...result.references.map((r) => `ref ${r.id}@${r.location.range.start.line}:${r.location.range.start.character}`),
];

describe('Code annotation extraction', () => {
  const families: [string, string, string[]][] = [
    ['src/auth.c', joinLines('// @implements SR-1', '/* @implements SR-2 */ int x;', '/**', ' * @mitigates TM-3', ' */'), ['implements SR-1@0:15', 'implements SR-2@1:15', 'mitigates TM-3@3:14']],
    ['gateway/auth.py', joinLines('# @implements SR-1', 'def f():', '    """Checks tokens. @implements SR-2"""'), ['implements SR-1@0:14', 'implements SR-2@2:34']],
    ['db/audit.sql', joinLines('-- @implements SR-1', 'CREATE TABLE t (id int); /* @implements SR-2 */'), ['implements SR-1@0:15', 'implements SR-2@1:40']],
    ['web/page.html', joinLines('<!-- @implements SR-1 -->', '<p>SR-2 in text is not a comment</p>'), ['implements SR-1@0:17']],
    ['lisp/core.clj', '; @implements SR-1', ['implements SR-1@0:14']],
    ['paper/method.tex', '% @implements SR-1', ['implements SR-1@0:14']],
    ['deploy/values.yaml', joinLines('replicas: 2 # @implements SR-1', 'name: "SR-2"'), ['implements SR-1@0:26']],
    ['app/src/api.ts', joinLines('const url = "http://host/SR-9"; // @implements SR-1', "const s = '// SR-8';"), ['implements SR-1@0:47']],
    ['scripts/lib.lua', joinLines('-- @implements SR-1', '--[[ @implements SR-2 ]]'), ['implements SR-1@0:15', 'implements SR-2@1:17']],
  ];
  for (const [path, text, expected] of families) {
    it(`reads annotations in ${path.slice(path.lastIndexOf('.'))} comments`, () => {
      assert.deepEqual(summary(extract(path, text)), expected);
    });
  }

  it('reads comma-separated and "and"-joined IDs after one verb, and stops at the first word', () => {
    const result = extract('a.ts', '// @verifies SR-1, SR-2 and SR-3 (see SR-4)', true);
    assert.deepEqual(summary(result), ['verifies SR-1@0:13', 'verifies SR-2@0:19', 'verifies SR-3@0:28', 'ref SR-4@0:38']);
    assert.ok(result.links.every((link) => link.inTest && link.from === undefined));
  });

  it('accepts a colon after the verb', () => {
    assert.deepEqual(summary(extract('a.go', '// @implements: SR-1')), ['implements SR-1@0:16']);
  });

  it('treats an ID in a comment without a verb as a plain reference', () => {
    assert.deepEqual(summary(extract('a.rs', '// see SR-4 for the retry policy')), ['ref SR-4@0:7']);
  });

  it('ignores IDs outside comments', () => {
    assert.deepEqual(summary(extract('a.java', 'String id = "SR-4"; int SR_5 = 1;')), []);
  });

  it('does not read unknown verbs as annotations', () => {
    assert.deepEqual(summary(extract('a.ts', '// @implemented SR-1')), ['ref SR-1@0:16']);
  });

  it('reads an unterminated block comment to the end of the file', () => {
    assert.deepEqual(summary(extract('a.c', 'int x; /* @implements SR-1')), ['implements SR-1@0:22']);
  });

  it('picks the comment syntax by extension or file name', () => {
    assert.ok(commentSyntaxFor('build/Dockerfile')?.line.includes('#'));
    assert.ok(commentSyntaxFor('Makefile')?.line.includes('#'));
    assert.equal(commentSyntaxFor('image.png'), undefined);
    assert.equal(commentSyntaxFor('data.json'), undefined);
  });

  describe('records the test each @verifies in a test file stands on', () => {
    const spec = joinLines(
      '// @verifies SR-1',
      "import { canProgram } from '../src/roles';",
      '',
      "describe('role rules', () => {",
      '  // @verifies SR-2 and @implements SR-3',
      "  it('lets a clinician program a pump of their own unit', () => {",
      '    assert.ok(canProgram(nurse, pump)); // @mitigates TM-1',
      '  });',
      '});',
    );

    it('on verifies links in a test file, file level before the first test', () => {
      const { links } = extract('app/test/roles.test.ts', spec, true);
      assert.deepEqual(
        links.map((link) => [link.type, link.to, link.test]),
        [
          ['verifies', 'SR-1', { enclosing: [] }],
          ['verifies', 'SR-2', { name: 'lets a clinician program a pump of their own unit', enclosing: ['role rules'] }],
          ['implements', 'SR-3', undefined],
          ['mitigates', 'TM-1', undefined],
        ],
      );
      assert.deepEqual(links.map((link) => 'test' in link), [true, true, false, false]);
    });

    it('never outside test files: the property is absent, and JSON stays as it was', () => {
      const { links } = extract('app/src/roles.ts', spec, false);
      assert.deepEqual(links.map((link) => 'test' in link), [false, false, false, false]);
      assert.ok(!JSON.stringify(links).includes('"test"'));
    });

    it('in Python, from a decorated test method and from its docstring', () => {
      const text = joinLines(
        'class TestLimits:',
        '    @pytest.mark.parametrize("rate", [41.0, 99.9])',
        '    def test_rate_above_hard_limit_is_refused(self, rate):',
        '        """@verifies SR-4"""',
      );
      const { links } = extract('gateway/tests/test_limits.py', text, true);
      assert.deepEqual(links.map((link) => link.test), [{ name: 'test_rate_above_hard_limit_is_refused', enclosing: ['TestLimits'] }]);
    });
  });

  describe('in Python, reads only docstrings of all strings', () => {
    const cases: [string, string, string[]][] = [
      ['a string assigned to a name', joinLines("SQL = '''", '@verifies SR-13', "'''"), []],
      ['a module docstring', joinLines('"""Module. @verifies SR-1"""', 'import os'), ['verifies SR-1@0:21']],
      ['a function docstring, not a later string', joinLines('def f():', '    """@verifies SR-2"""', '    x = """@verifies SR-3"""'), ['verifies SR-2@1:17']],
      ['a raw class docstring after a comment', joinLines('class A(B):  # base', "    r'''@verifies SR-4'''"), ['verifies SR-4@1:18']],
      ['a one-line docstring after a multi-line header', joinLines('async def f(a,', '      b) -> int: "@verifies SR-5"'), ['verifies SR-5@1:28']],
      ['a dictionary value', 'd = {"a": """@verifies SR-6"""}', []],
      ['the first string in an if block', joinLines('if x:', '    """@verifies SR-7"""'), []],
      ['a string after a function', joinLines('def f():', '    pass', '"""@verifies SR-8"""'), []],
      ['an argument', 'print("""@verifies SR-11""")', []],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => {
        assert.deepEqual(summary(extract('test/test_x.py', text, true)), expected);
      });
    }
  });
});
