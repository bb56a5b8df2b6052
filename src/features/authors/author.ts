export interface Author {
  id: number;
  slug: string;
  name: string;
  bio: string;
  avatarUrl: string | null;
}
