/**
 * The site's base path with a trailing slash, so routes are `${base}sources/`.
 * @param baseUrl Astro's `import.meta.env.BASE_URL` or `config.base`.
 * @returns e.g. `/` or `/briefings-archive/`.
 */
export function withTrailingSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
