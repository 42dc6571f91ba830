"""Stage 3: who said what. Quotation marks (``marks``), the rules over the
parse that find claims (``finder``), their speakers (``speakers``), hedges
(``hedging``), nested attributions (``nesting``), reported facts
(``reported``) and the learned filter (``scorer``); the word lists live in
``lexicon`` (``models/attribution.json``)."""
