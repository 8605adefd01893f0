/** A page of the app: its element, and what to stop when the user leaves it. */
export interface View {
  readonly element: HTMLElement;
  dispose(): void;
}
