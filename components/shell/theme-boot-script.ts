/** Theme shared by the boot script (runs before paint) and the toggle (runs after hydration). */
export const THEME_STORAGE_KEY = 'yardmaster-theme';
export type Theme = 'light' | 'dark';

/**
 * Stored choice first, else the system preference. Kept tiny and dependency-free because it is
 * inlined into <head> as a string.
 */
export const themeBootScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t!=="light"&&t!=="dark"){t=window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.setAttribute("data-theme",t)}catch(e){}})()`;
