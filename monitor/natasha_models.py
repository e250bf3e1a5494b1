"""natasha's models, loaded once per process and shared by mentions and sentiment.

Mentions run natasha's NER (monitor/mentions/ner.py) and sentiment its syntax parser
and the navec vectors (monitor/sentiment/ru_syntax.py). Loaded as natasha's README
shows, each caller built its own NewsEmbedding, and each slovnet model read its own
copy of the same 250,002-word vocabulary: two embeddings, four word lists with their
indexes, and a 100 MB temporary per embedding (navec's norms, which only its `sim()`
uses), ~250 MB of the analyze process. Here there is one embedding whose quantised
vectors are read from the wheel's file by rows as words need them (monitor/filemap.py), and one word
list and index for navec and both slovnet models, whose word ids must be navec's
anyway (they index its vectors). The models compute exactly as natasha's own loaders
would have them: tests/test_model_sharing.py compares the two.
"""

from __future__ import annotations

import tarfile
from functools import lru_cache

import numpy as np

from monitor import filemap

WORDS = "vocabs/word.gz"


@lru_cache(maxsize=1)
def embedding():
    """natasha's NewsEmbedding (navec news vectors), its rows read as needed, not loaded."""
    from natasha.data import NEWS_EMBEDDING
    from natasha.emb import NewsEmbedding
    from navec.meta import Meta
    from navec.navec import Navec
    from navec.pq import PQ
    from navec.vocab import Vocab

    with tarfile.open(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.extractfile("meta.json"))
        Meta.check_protocol(meta.protocol)
        vocab = _navec_vocab(tar.extractfile("vocab.bin"), Vocab)
        member = tar.getmember("pq.bin")
        handle = tar.extractfile(member)
        vectors, dim, qdim, centroids = (int(v) for v in np.frombuffer(handle.read(16), np.uint32))
        handle.seek(16 + vectors * qdim)
        codes = np.frombuffer(handle.read(), np.float32).reshape(qdim, centroids, -1)
        indexes = filemap.FileRows(NEWS_EMBEDDING, member.offset_data + 16, np.uint8, (vectors, qdim))
    # PQ.__init__ would also precompute the norms and products for sim(): a 100 MB
    # temporary to keep 1 MB that lookups never read.
    pq = PQ.__new__(PQ)
    pq.vectors, pq.dim, pq.qdim, pq.centroids, pq.indexes, pq.codes = vectors, dim, qdim, centroids, indexes, codes
    pq.qdims = np.arange(qdim)
    emb = NewsEmbedding.__new__(NewsEmbedding)
    Navec.__init__(emb, meta, vocab, pq)
    return emb


def _navec_vocab(handle, vocab_cls):
    """navec's Vocab.from_file, with the word counts (which lookups never read) left an
    array rather than 250,002 Python ints (9 MB)."""
    import gzip

    with gzip.GzipFile(mode="rb", fileobj=handle) as file:
        (size,) = np.frombuffer(file.read(4), np.uint32)
        counts = np.frombuffer(file.read(4 * int(size)), np.uint32)
        words = file.read().decode("utf8").splitlines()
    return vocab_cls(words, counts)


@lru_cache(maxsize=1)
def segmenter():
    from natasha import Segmenter

    return Segmenter()


@lru_cache(maxsize=1)
def ner_tagger():
    """natasha's NewsNERTagger over the shared embedding and word list."""
    from natasha.data import NEWS_NER
    from natasha.ner import NewsNERTagger
    from slovnet.api import NER
    from slovnet.const import SHAPE, TAG
    from slovnet.exec.encoders import TagEncoder
    from slovnet.exec.infer import NERInfer, TagDecoder
    from slovnet.exec.model import NER as NERModel

    model, arrays, vocabs = _slovnet_pack(NEWS_NER, NERModel, (SHAPE, TAG))
    infer = NERInfer(model.inject_arrays(arrays), TagEncoder(_words(NEWS_NER), vocabs[SHAPE]),
                     TagDecoder(vocabs[TAG]))
    tagger = NewsNERTagger.__new__(NewsNERTagger)
    NER.__init__(tagger, infer, 8)  # slovnet's default batch size, as NewsNERTagger(emb) has it
    tagger.navec(embedding())
    return tagger


@lru_cache(maxsize=1)
def syntax_parser():
    """natasha's NewsSyntaxParser over the shared embedding and word list."""
    from natasha.data import NEWS_SYNTAX
    from natasha.syntax import NewsSyntaxParser
    from slovnet.api import Syntax
    from slovnet.const import REL, SHAPE
    from slovnet.exec.encoders import SyntaxEncoder
    from slovnet.exec.infer import SyntaxDecoder, SyntaxInfer
    from slovnet.exec.model import Syntax as SyntaxModel

    model, arrays, vocabs = _slovnet_pack(NEWS_SYNTAX, SyntaxModel, (SHAPE, REL))
    infer = SyntaxInfer(model.inject_arrays(arrays), SyntaxEncoder(_words(NEWS_SYNTAX), vocabs[SHAPE]),
                        SyntaxDecoder(vocabs[REL]))
    parser = NewsSyntaxParser.__new__(NewsSyntaxParser)
    Syntax.__init__(parser, infer, 8)
    parser.navec(embedding())
    return parser


def _slovnet_pack(path: str, model_cls, vocab_ids: tuple[str, ...]):
    """What slovnet's API.load reads from a model pack, less the word vocabulary."""
    from slovnet.exec.pack import Pack

    with Pack(path) as pack:
        pack.load_meta().check_protocol()
        model = pack.load_model(model_cls)
        arrays = dict(pack.load_arrays(model.weights))
        vocabs = {vocab_id: pack.load_vocab(vocab_id) for vocab_id in vocab_ids}
    return model, arrays, vocabs


def _words(pack_path: str):
    """The pack's word vocabulary as a view of navec's word list and index.

    A pack whose list is not navec's (another natasha release) gets its own, as slovnet
    would load it: its ids would index the wrong vectors otherwise."""
    from slovnet.exec.pack import bytes_vocab
    from slovnet.vocab import Vocab

    navec_vocab = embedding().vocab
    with tarfile.open(pack_path) as tar:
        raw = tar.extractfile(WORDS).read()
    if _same_words(raw, navec_vocab.words):
        vocab = Vocab.__new__(Vocab)
        vocab.items, vocab.item_ids = navec_vocab.words, navec_vocab.word_ids
        vocab.unk_id, vocab.pad_id = navec_vocab.unk_id, navec_vocab.pad_id
        return vocab
    return bytes_vocab(raw)


def _same_words(packed: bytes, words: list[str]) -> bool:
    """Whether the pack's list is these words (compared as one text: a second list of
    250,002 strings would cost 20 MB for a moment)."""
    import gzip

    return gzip.decompress(packed).decode("utf8") == "\n".join(words)
