"""i18n: a leaf every stage may use. Locale codes, their language and direction
(``locales``), the gettext catalogs of the words selfserve adds (``catalogs``, ``words``),
CLDR formatting of numbers, dates and times (``localefmt``) and per-language text
analysis for search (``analysis``). It imports nothing of the pipeline."""
