// A small strict XML 1.0 parser for tests (no XML parser is installed): it rejects what a
// conforming parser rejects in the documents Herald writes — unbalanced or crossed tags, bare `<`
// or `&`, unknown entities, unquoted or duplicate attributes, text outside the root element,
// characters XML forbids — and returns the element tree.
export type XmlElement = { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string };

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`bare '<' in ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, ent: string) => {
    if (!m.endsWith(";")) throw new Error(`bare '&' in ${where}: ${JSON.stringify(raw.slice(0, 60))}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (ent in named) return named[ent]!;
    const num = /^#(\d+)$/.exec(ent) ?? /^#x([0-9a-fA-F]+)$/.exec(ent);
    if (num) return String.fromCodePoint(parseInt(num[1]!, ent.startsWith("#x") ? 16 : 10));
    throw new Error(`unknown entity &${ent}; in ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error("forbidden character in document");
  let i = 0;
  const rest = () => xml.slice(i);
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(rest())![0];
      i += ws.length;
      if (xml.startsWith("<!--", i)) {
        const end = xml.indexOf("-->", i);
        if (end < 0) throw new Error("unterminated comment");
        i = end + 3;
      } else if (xml.startsWith("<?", i)) {
        const end = xml.indexOf("?>", i);
        if (end < 0) throw new Error("unterminated processing instruction");
        i = end + 2;
      } else return;
    }
  };
  if (xml.startsWith("\uFEFF")) i = 1;
  if (xml.startsWith("<?xml", i) && !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>/.test(rest())) {
    throw new Error("malformed XML declaration");
  }
  skipMisc();
  if (xml.startsWith("<!DOCTYPE", i)) throw new Error("DOCTYPE not expected");

  const parseElement = (): XmlElement => {
    if (xml[i] !== "<") throw new Error(`expected '<' at ${i}`);
    i++;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`bad element name at ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: "" };
    for (;;) {
      const ws = /^\s*/.exec(rest())![0];
      i += ws.length;
      if (xml.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (xml[i] === ">") {
        i++;
        break;
      }
      if (!ws) throw new Error(`expected whitespace before attribute in <${name}> at ${i}`);
      const attr = NAME.exec(rest())?.[0];
      if (!attr) throw new Error(`bad attribute in <${name}> at ${i}: ${JSON.stringify(rest().slice(0, 30))}`);
      i += attr.length;
      const m = /^\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest());
      if (!m) throw new Error(`attribute ${attr} of <${name}> is not quoted`);
      i += m[0].length;
      if (attr in el.attrs) throw new Error(`duplicate attribute ${attr} in <${name}>`);
      el.attrs[attr] = decode(m[2] ?? m[3] ?? "", `attribute ${attr} of <${name}>`);
    }
    for (;;) {
      const lt = xml.indexOf("<", i);
      if (lt < 0) throw new Error(`unclosed <${name}>`);
      el.text += decode(xml.slice(i, lt), `<${name}>`);
      i = lt;
      if (xml.startsWith("</", i)) {
        const m = /^<\/([A-Za-z_:][A-Za-z0-9_.:-]*)\s*>/.exec(rest());
        if (!m || m[1] !== name) throw new Error(`expected </${name}> at ${i}, found ${JSON.stringify(rest().slice(0, 30))}`);
        i += m[0].length;
        return el;
      }
      if (xml.startsWith("<![CDATA[", i)) {
        const end = xml.indexOf("]]>", i);
        if (end < 0) throw new Error("unterminated CDATA");
        el.text += xml.slice(i + 9, end);
        i = end + 3;
      } else if (xml.startsWith("<!--", i) || xml.startsWith("<?", i)) {
        const close = xml.startsWith("<!--", i) ? "-->" : "?>";
        const end = xml.indexOf(close, i);
        if (end < 0) throw new Error("unterminated comment");
        i = end + close.length;
      } else {
        el.children.push(parseElement());
      }
    }
  };

  const root = parseElement();
  skipMisc();
  if (i !== xml.length) throw new Error(`content after the root element: ${JSON.stringify(rest().slice(0, 30))}`);
  return root;
}

/** Children with the given name. */
export function kids(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The only child with the given name (throws when there is not exactly one). */
export function kid(el: XmlElement, name: string): XmlElement {
  const found = kids(el, name);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}> children`);
  return found[0]!;
}
