// XML: a tolerant tokenizer (truncated files, commented-out settings, lines) and the leaf texts it yields.
import { lineIndex } from './text.js';

/** An attribute of an XML tag, value entity-decoded. */
export interface XmlAttr { name: string; value: string; line: number }

/** One tag or text run of an XML file; `commented` when it sits inside `<!-- -->`. */
export interface XmlToken {
  kind: 'open' | 'close' | 'text';
  /** Element name as written; '' for text. */
  name: string;
  attrs: XmlAttr[];
  selfClosing: boolean;
  line: number;
  /** Text runs: the decoded, trimmed text. Tags: the tag as written. */
  text: string;
  commented: boolean;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (whole, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Tolerant XML tokenizer: tags, attributes and text with line numbers, comments re-read as `commented` tokens.
 * Hand-written because config files are often truncated or broken and we need lines and commented-out settings,
 * which no installed dependency offers. `complete` is false when the input ended inside a tag or comment.
 */
export function xmlTokens(content: string, maxTokens = 500_000): { tokens: XmlToken[]; complete: boolean } {
  const tokens: XmlToken[] = [];
  const lineOf = lineIndex(content);
  const scan = (from: number, end: number, commented: boolean): boolean => {
    let i = from;
    while (i < end) {
      if (tokens.length >= maxTokens) return false;
      let lt = content.indexOf('<', i);
      if (lt === -1 || lt >= end) lt = end;
      const text = content.slice(i, lt).trim();
      if (text) tokens.push({ kind: 'text', name: '', attrs: [], selfClosing: false, line: lineOf(i + content.slice(i, lt).search(/\S/)), text: decodeXmlEntities(text), commented });
      if (lt >= end) return true;
      if (content.startsWith('<!--', lt)) {
        const close = content.indexOf('-->', lt + 4);
        if (!commented) scan(lt + 4, close === -1 || close > end ? end : close, true);
        if (close === -1 || close >= end) return false;
        i = close + 3;
        continue;
      }
      if (content.startsWith('<![CDATA[', lt)) {
        const close = content.indexOf(']]>', lt + 9);
        const body = content.slice(lt + 9, close === -1 ? end : Math.min(close, end)).trim();
        if (body) tokens.push({ kind: 'text', name: '', attrs: [], selfClosing: false, line: lineOf(lt), text: body, commented });
        if (close === -1 || close >= end) return false;
        i = close + 3;
        continue;
      }
      let j = lt + 1;
      let quote = '';
      for (; j < end; j++) {
        const c = content[j];
        if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
        else if (c === '>' || c === '<') break;
      }
      if (j >= end) return false;
      if (content[j] === '<') { i = j; continue; }
      const body = content.slice(lt + 1, j);
      i = j + 1;
      if (body[0] === '?' || body[0] === '!') continue;
      const name = /^\/?\s*([A-Za-z_][\w:.-]*)/.exec(body);
      if (!name) continue;
      const attrs: XmlAttr[] = [];
      if (body[0] !== '/') {
        const re = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
        for (let m = re.exec(body); m; m = re.exec(body)) attrs.push({ name: m[1], value: decodeXmlEntities(m[2] ?? m[3] ?? ''), line: lineOf(lt + 1 + m.index) });
      }
      tokens.push({ kind: body[0] === '/' ? 'close' : 'open', name: name[1], attrs, selfClosing: /\/\s*$/.test(body), line: lineOf(lt), text: `<${body}>`, commented });
    }
    return true;
  };
  const complete = scan(0, content.length, false);
  return { tokens, complete };
}

/** The value of an attribute, matched case-insensitively (XML config readers such as System.Configuration ignore case in places). */
export function xmlAttr(token: Pick<XmlToken, 'attrs'>, name: string): XmlAttr | undefined {
  const lower = name.toLowerCase();
  return token.attrs.find((a) => a.name.toLowerCase() === lower);
}

/** The local name of an element or attribute (`xsi:type` → `type`), lower-cased. */
export function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1).toLowerCase();
}

/** The text of one XML element, with the element path above it and the id of the element that holds it. */
export interface XmlLeaf {
  /** Element names from the root down to the element holding the text. */
  path: string[];
  value: string;
  line: number;
  commented: boolean;
  /** Id of the parent of the text's element: leaves with the same group are siblings (one `<MailAccount>`). */
  group: number;
}

/** Leaf texts of an XML file (`<smtpHost>x</smtpHost>` → path […, 'smtpHost']); nesting beyond maxDepth is not reported. */
export function xmlLeaves(content: string, maxDepth = 64): { leaves: XmlLeaf[]; complete: boolean; tooDeep: boolean } {
  const { tokens, complete } = xmlTokens(content);
  const leaves: XmlLeaf[] = [];
  const frames = { live: { names: [] as string[], ids: [] as number[], overflow: 0 }, commented: { names: [] as string[], ids: [] as number[], overflow: 0 } };
  let nextId = 0;
  let tooDeep = false;
  for (const t of tokens) {
    const f = t.commented ? frames.commented : frames.live;
    if (t.kind === 'open' && !t.selfClosing) {
      if (f.names.length >= maxDepth) { f.overflow++; tooDeep = true; continue; }
      f.names.push(t.name);
      f.ids.push(nextId++);
    } else if (t.kind === 'close') {
      if (f.overflow > 0) { f.overflow--; continue; }
      const at = f.names.lastIndexOf(t.name);
      if (at >= 0) { f.names.length = at; f.ids.length = at; }
    } else if (t.kind === 'text' && f.overflow === 0 && f.names.length) {
      leaves.push({ path: [...f.names], value: t.text, line: t.line, commented: t.commented, group: f.ids.at(-2) ?? -1 });
    }
  }
  return { leaves, complete, tooDeep };
}
