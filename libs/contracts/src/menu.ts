/** The menu of the original proof of concept. */
export const MENU = [
  'ITUNA SOUP',
  'TUNA SALAD',
  'TUNA MAKI',
  'TUNA SASHIMI',
  'TUNA NIGIRI',
  'SPICY TUNA NIGIRI',
  'ITUNA ROLL',
  'SPICY ITUNA ROLL',
] as const;

export type MenuItem = (typeof MENU)[number];

export function isMenuItem(name: string): name is MenuItem {
  return (MENU as readonly string[]).includes(name);
}
