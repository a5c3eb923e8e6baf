/// <reference types="astro/client" />

declare module 'virtual:attest/config' {
  const options: import('./schemas/options.ts').SiteConfig;
  export default options;
}

declare module 'virtual:attest/citations' {
  const index: import('./lib/citation-index.ts').CitationIndex;
  export default index;
}

declare module 'virtual:attest/claims' {
  const claims: import('./lib/claim-index.ts').ClaimEntry[];
  export default claims;
}
declare module 'virtual:attest/references' {
  const references: import('./integration/references-module.ts').ReferencesModule;
  export default references;
}
