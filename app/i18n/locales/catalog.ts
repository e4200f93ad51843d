/** A translation catalog: nested keys down to texts. The English one is the reference. */
export type Catalog = { [key: string]: string | Catalog };
