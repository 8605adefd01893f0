/**
 * The only way the client makes DOM: elements with text children (strings become Text nodes, never
 * markup) and checked attributes (no event-handler attributes, no `style` attribute, links only to
 * the app's own `#/` routes). Nothing in the client assigns `innerHTML`.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly title?: string;
  readonly href?: string;
  readonly id?: string;
  readonly dataset?: Readonly<Record<string, string>>;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const attributeName = /^[a-zA-Z][a-zA-Z0-9-]*$/;

function setAttribute(element: Element, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (!attributeName.test(name) || lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') {
    throw new Error(`refusing attribute ${name}`);
  }
  if ((lower === 'href' || lower === 'src' || lower === 'action') && !value.startsWith('#')) {
    throw new Error(`refusing ${name} outside the app: ${value}`);
  }
  element.setAttribute(name, value);
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

function applyProps(element: Element, props: Props | null): void {
  if (props === null) return;
  if (props.class !== undefined) setAttribute(element, 'class', props.class);
  if (props.title !== undefined) setAttribute(element, 'title', props.title);
  if (props.href !== undefined) setAttribute(element, 'href', props.href);
  if (props.id !== undefined) setAttribute(element, 'id', props.id);
  for (const [key, value] of Object.entries(props.dataset ?? {})) {
    setAttribute(element, `data-${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`, value);
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttribute(element, name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
}

/** An HTML element with text-only children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const svgNamespace = 'http://www.w3.org/2000/svg';

/** An SVG element with text-only children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNamespace, tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** `#/` route to a run, a candidate of a run, or the compare view. */
export const routes = {
  runs: (): string => '#/',
  run: (runId: string): string => `#/runs/${encodeURIComponent(runId)}`,
  candidate: (runId: string, candidateId: string): string =>
    `#/runs/${encodeURIComponent(runId)}/candidates/${encodeURIComponent(candidateId)}`,
  compare: (runIds: readonly string[]): string => `#/compare/${runIds.map(encodeURIComponent).join(',')}`,
};
