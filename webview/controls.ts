/** The form controls the panel builds from vscode-elements components. */
import { h } from './dom';

/** A vscode-single-select: its `value` is the selected option's. */
export interface SelectElement extends HTMLElement {
  value: string;
}

/** Builds a vscode-single-select with its options (labels as text). */
export function select(label: string, options: readonly [string, string][], value: string, onChange: (value: string) => void): SelectElement {
  const element = h(
    'vscode-single-select',
    { attrs: { label, 'aria-label': label, title: label } },
    ...options.map(([optionValue, optionLabel]) => h('vscode-option', { attrs: { value: optionValue, selected: optionValue === value } }, optionLabel)),
  ) as SelectElement;
  element.addEventListener('change', () => onChange(element.value));
  return element;
}
