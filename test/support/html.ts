import { hasChildren, isComment, isTag, isText, type AnyNode as Node, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/*
 * Reading a page the way its reader does, for assertions: the heading's text, the links
 * in a list, the value kept in a field after a 422, the message beside that field.
 * A test says `page(res.body).text('h1')` rather than matching the markup, so it fails
 * when the page is wrong and not when an attribute moves.
 *
 * Pages are parsed by htmlparser2 into domhandler's tree (both already here through
 * sanitize-html): entities are decoded, void and self-closing elements handled. The
 * selectors are a small part of CSS, enough for tests: type, #id, .class, [attr], [attr=v], [attr^=v], [attr$=v],
 * [attr*=v], [attr~=v], :not(…), :checked, the descendant, child (>) and next-sibling (+)
 * combinators, and lists (a, b). Anything else is refused, rather than matching nothing.
 */

interface AttributeTest {
  readonly name: string;
  readonly op: '' | '=' | '^=' | '$=' | '*=' | '~=';
  readonly value: string;
}

/** One element's conditions: `input.big[name=email]:not(.gone)`. */
interface Compound {
  readonly tag: string | null;
  readonly id: string | null;
  readonly classes: readonly string[];
  readonly attributes: readonly AttributeTest[];
  readonly not: readonly Compound[];
  readonly checked: boolean;
}

/** A compound and, to its left, how it relates to the one before: `ul.targets > li a`. */
type Complex = { readonly compound: Compound; readonly combinator: ' ' | '>' | '+' | null }[];

const NAME = /^-?[_a-zA-Z][-_a-zA-Z0-9]*/;

function parseSelector(selector: string): Complex[] {
  let rest = selector.trim();
  const fail = (why: string): never => {
    throw new Error(`selector "${selector}": ${why} at "${rest}"`);
  };
  const name = (): string => {
    const match = NAME.exec(rest) ?? fail('a name was expected');
    rest = rest.slice(match[0].length);
    return match[0];
  };
  const compound = (): Compound => {
    let tag: string | null = null;
    let id: string | null = null;
    const classes: string[] = [];
    const attributes: AttributeTest[] = [];
    const not: Compound[] = [];
    let checked = false;
    const universal = rest.startsWith('*');
    if (universal) rest = rest.slice(1);
    else if (NAME.test(rest)) tag = name().toLowerCase();
    for (;;) {
      if (rest.startsWith('#')) {
        rest = rest.slice(1);
        id = name();
      } else if (rest.startsWith('.')) {
        rest = rest.slice(1);
        classes.push(name());
      } else if (rest.startsWith('[')) {
        rest = rest.slice(1).trimStart();
        const attribute = name().toLowerCase();
        rest = rest.trimStart();
        const op = /^([~^$*]?=)/.exec(rest)?.[1] as AttributeTest['op'] | undefined;
        let value = '';
        if (op) {
          rest = rest.slice(op.length).trimStart();
          const quoted = /^"([^"]*)"|^'([^']*)'/.exec(rest);
          if (quoted) {
            value = quoted[1] ?? quoted[2] ?? '';
            rest = rest.slice(quoted[0].length);
          } else value = name();
          rest = rest.trimStart();
        }
        if (!rest.startsWith(']')) fail('"]" was expected');
        rest = rest.slice(1);
        attributes.push({ name: attribute, op: op ?? '', value });
      } else if (rest.startsWith(':not(')) {
        rest = rest.slice(':not('.length).trimStart();
        not.push(compound());
        rest = rest.trimStart();
        if (!rest.startsWith(')')) fail('")" was expected');
        rest = rest.slice(1);
      } else if (rest.startsWith(':checked')) {
        rest = rest.slice(':checked'.length);
        checked = true;
      } else break;
    }
    if (!universal && tag === null && id === null && classes.length + attributes.length + not.length === 0 && !checked) fail('nothing to match');
    return { tag, id, classes, attributes, not, checked };
  };
  const list: Complex[] = [];
  let complex: Complex = [{ compound: compound(), combinator: null }];
  for (;;) {
    const space = /^\s*/.exec(rest)![0];
    rest = rest.slice(space.length);
    if (rest === '') break;
    if (rest.startsWith(',')) {
      rest = rest.slice(1).trimStart();
      list.push(complex);
      complex = [{ compound: compound(), combinator: null }];
    } else if (rest.startsWith('>') || rest.startsWith('+')) {
      const combinator = rest[0] as '>' | '+';
      rest = rest.slice(1).trimStart();
      complex.push({ compound: compound(), combinator });
    } else if (space) complex.push({ compound: compound(), combinator: ' ' });
    else fail('this is not supported');
  }
  list.push(complex);
  return list;
}

function matchesAttribute(element: Element, test: AttributeTest): boolean {
  const actual = element.attribs[test.name];
  if (actual === undefined) return false;
  switch (test.op) {
    case '':
      return true;
    case '=':
      return actual === test.value;
    case '^=':
      return test.value !== '' && actual.startsWith(test.value);
    case '$=':
      return test.value !== '' && actual.endsWith(test.value);
    case '*=':
      return test.value !== '' && actual.includes(test.value);
    case '~=':
      return actual.split(/\s+/).includes(test.value);
  }
}

function matchesCompound(element: Element, c: Compound): boolean {
  if (c.tag !== null && element.name.toLowerCase() !== c.tag) return false;
  if (c.id !== null && element.attribs.id !== c.id) return false;
  if (c.classes.length > 0) {
    const classes = (element.attribs.class ?? '').split(/\s+/);
    if (!c.classes.every((name) => classes.includes(name))) return false;
  }
  if (!c.attributes.every((test) => matchesAttribute(element, test))) return false;
  if (c.checked && !('checked' in element.attribs || (element.name === 'option' && 'selected' in element.attribs))) return false;
  return !c.not.some((inner) => matchesCompound(element, inner));
}

function parentElement(node: Node): Element | null {
  const parent = DomUtils.getParent(node);
  return parent && isTag(parent) ? parent : null;
}

/** Whether the element matches the complex selector's parts from `index` leftwards. */
function matchesFrom(element: Element, complex: Complex, index: number): boolean {
  const part = complex[index]!;
  if (!matchesCompound(element, part.compound)) return false;
  if (index === 0) return true;
  switch (part.combinator) {
    case '>': {
      const parent = parentElement(element);
      return parent !== null && matchesFrom(parent, complex, index - 1);
    }
    case '+': {
      const previous = DomUtils.prevElementSibling(element);
      return previous !== null && matchesFrom(previous, complex, index - 1);
    }
    default:
      for (let ancestor = parentElement(element); ancestor; ancestor = parentElement(ancestor)) if (matchesFrom(ancestor, complex, index - 1)) return true;
      return false;
  }
}

/** Elements a browser shows apart from what is around them: their text does not run into the next. */
const BLOCKS = new Set(
  'address article aside blockquote br caption dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol option p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

/** Text as a reader sees it: entities decoded, no scripts, styles or comments, blocks apart, runs of white space one space, trimmed. */
function readable(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node): void => {
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) {
      if (n.name === 'script' || n.name === 'style' || n.name === 'template') return;
      const block = BLOCKS.has(n.name);
      if (block) parts.push(' ');
      for (const child of n.children) walk(child);
      if (block) parts.push(' ');
    } else if (hasChildren(n) && !isComment(n)) for (const child of n.children) walk(child);
  };
  walk(node);
  // ASCII white space only, as a browser collapses it: a no-break space stays.
  return parts
    .join('')
    .replace(/[ \t\n\r\f]+/g, ' ')
    .trim();
}

/** A form control found by its name, as a reader finds it filled in. */
export interface Field {
  readonly element: HtmlElement;
  /**
   * What the control holds: an input's value, a textarea's text (as typed, line breaks
   * kept), a select's chosen option (or its first), the checked one of radios; '' if none.
   */
  readonly value: string;
  /** Every value the form would send under the name: ticked checkboxes, chosen options. */
  readonly values: readonly string[];
  /** The text of its <label>, or undefined. */
  readonly label: string | undefined;
  /**
   * The message beside it, or undefined: what its aria-describedby (or, for a group of
   * checkboxes or radios, its fieldset's) points to, of class field-error or id …-error.
   */
  readonly error: string | undefined;
  /** aria-invalid="true". */
  readonly invalid: boolean;
}

/** An element of a parsed page, and the questions a test asks of it. */
export class HtmlElement {
  constructor(
    private readonly node: Node,
    private readonly root: Node,
  ) {}

  /** The element's tag, lower case ('#document' for the page itself). */
  get tag(): string {
    return isTag(this.node) ? this.node.name.toLowerCase() : '#document';
  }

  /** The element's markup, for a failure message. */
  get html(): string {
    return DomUtils.getOuterHTML(this.node);
  }

  /** An attribute's value (entities decoded), or undefined when it is absent. */
  attr(name: string): string | undefined {
    return isTag(this.node) ? this.node.attribs[name.toLowerCase()] : undefined;
  }

  /** Every element inside this one that matches, in document order. */
  all(selector: string): HtmlElement[] {
    const list = parseSelector(selector);
    const found = DomUtils.findAll((element) => list.some((complex) => matchesFrom(element, complex, complex.length - 1)), DomUtils.getChildren(this.node));
    return found.map((element) => new HtmlElement(element, this.root));
  }

  /** The first element inside this one that matches; fails, naming the selector, when none does. */
  first(selector: string): HtmlElement {
    const [found] = this.all(selector);
    if (!found) throw new Error(`no element matches "${selector}"`);
    return found;
  }

  /** Whether any element inside this one matches. */
  has(selector: string): boolean {
    return this.all(selector).length > 0;
  }

  /** How many elements inside this one match. */
  count(selector: string): number {
    return this.all(selector).length;
  }

  /** The readable text of this element, or of the first element inside it that matches (which must exist). */
  text(selector?: string): string {
    return selector === undefined ? readable(this.node) : this.first(selector).text();
  }

  /** The text exactly as in the source, entities decoded: a script's JSON, a textarea's lines. */
  get rawText(): string {
    return DomUtils.textContent(this.node);
  }

  /** The readable text of every element inside this one that matches. */
  texts(selector: string): string[] {
    return this.all(selector).map((element) => element.text());
  }

  /** The links inside this one (or inside the elements that match), as text and href. */
  links(selector = 'a'): { text: string; href: string | undefined }[] {
    const anchors = selector === 'a' ? this.all('a[href]') : this.all(selector).flatMap((e) => (e.tag === 'a' ? [e] : e.all('a[href]')));
    return anchors.map((a) => ({ text: a.text(), href: a.attr('href') }));
  }

  /** Each row of the tables inside this one (or of those that match): its cells' texts, header cells included. */
  rows(selector = 'table'): string[][] {
    return this.all(selector)
      .flatMap((table) => (table.tag === 'tr' ? [table] : table.all('tr')))
      .map((row) => row.all('th, td').map((cell) => cell.text()));
  }

  /** The nearest element, this one or one around it, that matches, or null. */
  private closest(selector: string): Element | null {
    const list = parseSelector(selector);
    for (let element = isTag(this.node) ? this.node : null; element; element = parentElement(element))
      if (list.some((complex) => matchesFrom(element!, complex, complex.length - 1))) return element;
    return null;
  }

  /** What the description lists inside this one (or those that match) say: each term's text, and its description's. */
  definitions(selector = 'dl'): Record<string, string> {
    const lists = this.tag === 'dl' && selector === 'dl' ? [this] : this.all(selector);
    const entries = lists.flatMap((list) =>
      list.all('dt').map((term) => {
        const description = DomUtils.nextElementSibling(term.node);
        return [term.text(), description && description.name === 'dd' ? readable(description) : ''] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** The element whose id this is, anywhere on the page, or undefined. */
  byId(id: string): HtmlElement | undefined {
    const found = DomUtils.findOne((element) => element.attribs.id === id, DomUtils.getChildren(this.root));
    return found ? new HtmlElement(found, this.root) : undefined;
  }

  /** The form control named `name` inside this element; fails when there is none. */
  field(name: string): Field {
    const controls = this.all('input, textarea, select').filter((c) => c.attr('name') === name);
    const first = controls[0];
    if (!first) throw new Error(`no field named "${name}"`);
    const type = (first.attr('type') ?? 'text').toLowerCase();
    let values: string[];
    if (first.tag === 'textarea') values = [textareaValue(first.node)];
    else if (first.tag === 'select') {
      const options = first.all('option');
      const chosen = options.filter((o) => o.attr('selected') !== undefined);
      const picked = chosen.length > 0 || first.attr('multiple') !== undefined ? chosen : options.slice(0, 1);
      values = picked.map((o) => o.attr('value') ?? o.text());
    } else if (type === 'checkbox' || type === 'radio') values = controls.filter((c) => c.attr('checked') !== undefined).map((c) => c.attr('value') ?? 'on');
    else values = controls.map((c) => c.attr('value') ?? '');
    const id = first.attr('id');
    const label =
      (id === undefined ? null : DomUtils.findOne((e) => e.name === 'label' && e.attribs.for === id, DomUtils.getChildren(this.root))) ??
      first.closest('label');
    // A group of checkboxes or radios is described as a whole, by its fieldset.
    const describedBy =
      controls.map((c) => c.attr('aria-describedby')).find(Boolean) ?? first.closest('fieldset[aria-describedby]')?.attribs['aria-describedby'];
    const described = (describedBy ?? '').split(/\s+/).filter(Boolean);
    const errors = described
      .map((ref) => this.byId(ref))
      .filter((e): e is HtmlElement => e !== undefined && (e.attr('id')!.endsWith('-error') || (e.attr('class') ?? '').split(/\s+/).includes('field-error')));
    return {
      element: first,
      value: values[0] ?? '',
      values,
      label: label ? readable(label) : undefined,
      error: errors.length > 0 ? errors.map((e) => e.text()).join(' ') : undefined,
      invalid: first.attr('aria-invalid') === 'true',
    };
  }

  /** The message beside the field named `name` (see Field.error), or undefined. */
  errorFor(name: string): string | undefined {
    return this.field(name).error;
  }

  /**
   * What the form would send if submitted as it stands: each name's values, as the
   * browser builds them (disabled controls or fieldsets, unticked boxes and buttons left out).
   */
  formValues(): Record<string, string[]> {
    const values: Record<string, string[]> = {};
    const add = (name: string, value: string) => (values[name] ??= []).push(value);
    for (const control of this.all('input, textarea, select')) {
      const name = control.attr('name');
      if (!name || control.attr('disabled') !== undefined || control.closest('fieldset[disabled]')) continue;
      const type = (control.attr('type') ?? 'text').toLowerCase();
      if (control.tag === 'textarea') add(name, textareaValue(control.node));
      else if (control.tag === 'select') {
        const options = control.all('option');
        const chosen = options.filter((o) => o.attr('selected') !== undefined);
        for (const o of chosen.length > 0 || control.attr('multiple') !== undefined ? chosen : options.slice(0, 1)) add(name, o.attr('value') ?? o.text());
      } else if (type === 'checkbox' || type === 'radio') {
        if (control.attr('checked') !== undefined) add(name, control.attr('value') ?? 'on');
      } else if (!['submit', 'button', 'reset', 'image', 'file'].includes(type)) add(name, control.attr('value') ?? '');
    }
    return values;
  }
}

/** A textarea's value: its text as typed, less the one line break HTML drops after the opening tag. */
function textareaValue(node: Node): string {
  return DomUtils.textContent(node).replace(/^\r?\n/, '');
}

/** Parses a page (or a fragment) for questions about it. */
export function page(html: string): HtmlElement {
  const document = parseDocument(html);
  return new HtmlElement(document, document);
}
