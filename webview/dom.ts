/**
 * The only way the webview builds DOM: elements with attributes and children, where every string
 * becomes a text node. Workspace strings (titles, paths, IDs) are never parsed as HTML, and no inline
 * style or event-handler attribute is ever written (the CSP forbids both anyway).
 */

type Child = Node | string | undefined | false;

export interface Props {
  readonly className?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Event listeners, added with addEventListener. */
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$)/i;

function setAttributes(element: Element, attrs: Props['attrs']): void {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (FORBIDDEN_ATTRIBUTE.test(name)) {
      throw new Error(`The webview does not set the ${name} attribute.`);
    }
    if (value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(parent: Element | DocumentFragment, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) {
      continue;
    }
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Creates an HTML element (or a custom element such as `vscode-badge`). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (props.className) {
    element.className = props.className;
  }
  setAttributes(element, props.attrs);
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; text goes in as text nodes, like {@link h}. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Props['attrs'] = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attrs);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
