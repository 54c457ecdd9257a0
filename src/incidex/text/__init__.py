"""Text helpers shared by the knowledge base and the extractor (below both, so neither imports the
other for them): prefix-tree alternations of many literals (``alternation``) and the
required-word prefilter that skips a regex search on a text that cannot match (``prefilter``)."""
