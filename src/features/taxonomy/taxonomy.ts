export interface Category {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export interface Tag {
  id: number;
  slug: string;
  name: string;
}

export type TaxonomyKind = "category" | "tag";
