import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A regular expression written in source: its pattern, flags and where it is. */
export interface RegexSite {
  source: string;
  flags: string;
  where: string;
}

/** Every .ts/.js/.mjs file under `dir`, recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The regular expressions a file writes: every literal, and every `RegExp(…)` / `new RegExp(…)`
 * call. A call whose pattern is not a string literal cannot be checked statically, so it is
 * returned with `source` undefined, for the caller to refuse.
 */
export function regexSites(file: string, root: string): (Omit<RegexSite, 'source'> & { source: string | undefined })[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: (Omit<RegexSite, 'source'> & { source: string | undefined })[] = [];
  const where = (node: ts.Node) => `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      found.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: where(node) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      const literal = (n: ts.Node | undefined) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
      found.push({ source: literal(pattern), flags: literal(flags) ?? '', where: where(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The literal a variable is initialized with (`const NAME = /…/`), from a third-party file. */
export function namedRegex(file: string, name: string, root: string): RegexSite {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let site: RegexSite | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer?.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.initializer.getText();
      const end = literal.lastIndexOf('/');
      site = { source: literal.slice(1, end), flags: literal.slice(end + 1), where: `${path.relative(root, file)} (${name})` };
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!site) throw new Error(`${file} no longer defines ${name} as a regular expression literal`);
  return site;
}
