"""Parsed Docs kept on disk (spaCy DocBin), so that a tuning run re-applies newskb's rules to
hundreds of articles in seconds without parsing them again.

A cached Doc holds what the model's components (and newskb's paragraph boundaries, which the
parser depends on) assigned; newskb's rule components run afresh on it every time.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .pipeline import PARSE_VERSION, RULE_COMPONENTS


def _key(nlp: Language, text: str) -> str:
    model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{PARSE_VERSION}"
    return model + "/" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def parsed(nlp: Language, texts: Iterable[str], cache_dir: Path, batch_size: int = 8) -> Iterator[Doc]:
    """The parse of each text (without newskb's rules), from the cache where it is there."""
    texts = list(texts)
    paths = [cache_dir / (_key(nlp, t) + ".spacy") for t in texts]
    missing = [i for i, p in enumerate(paths) if not p.exists()]
    fresh: dict[int, Doc] = {}
    if missing:
        with nlp.select_pipes(disable=[n for n in RULE_COMPONENTS if n in nlp.pipe_names]):
            for i, doc in zip(missing, nlp.pipe((texts[i] for i in missing), batch_size=batch_size)):
                paths[i].parent.mkdir(parents=True, exist_ok=True)
                DocBin(docs=[doc], store_user_data=False).to_disk(paths[i])
                fresh[i] = doc
    for i, path in enumerate(paths):
        yield fresh.get(i) or next(iter(DocBin().from_disk(path).get_docs(nlp.vocab)))


def apply_rules(nlp: Language, doc: Doc) -> Doc:
    """newskb's rule components, in pipeline order, on a parsed Doc."""
    for name, component in nlp.pipeline:
        if name in RULE_COMPONENTS:
            doc = component(doc)
    return doc
