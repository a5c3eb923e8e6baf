// The BibTeX and RIS plugins ship no types; importing them registers their
// formats with @citation-js/core, whose types describe the API.
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
