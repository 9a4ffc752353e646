"""The PostgreSQL store's schema: named migrations, applied in order, each recorded once.

Lemma and written-form search runs on one ``tsvector`` per article (lemmas weight A, written
forms weight B, other probable lemmas weight D, with token positions for phrases and NEAR; see store.tsquery) under a GIN
index. The store writes the vector itself from its index tokens, already lemmatized and folded,
so no text search configuration stems, splits or drops a Hebrew word on the way. The vector is
kept in the row (storage MAIN) and compressed with lz4: a search reads the vectors of the
matches it ranks, and this makes each read about 3 times cheaper than PostgreSQL's default
(compressed with pglz, then moved out of the row).
"""

from __future__ import annotations

from iton.corpus.store.tsquery import ALTERNATIVE_MARK, FORM_MARK, LEMMA_PAIRS, MAX_LEXEME_BYTES

__all__ = ["MIGRATIONS", "NEWEST_FIRST", "SEARCH_BUCKET_ROWS"]

# Search results newest first: publication day compared byte by byte (as SQLite compares it),
# undated last, then the latest ingested. The index articles_newest holds exactly this order.
NEWEST_FIRST = 'published_day COLLATE "C" DESC NULLS LAST, rowid DESC'

# A search vector's lemmas: its lexemes (unnest(tsvector_to_array(...)) AS lexeme) without the
# written-form or other-reading mark (store.tsquery).
IS_LEMMA = f"left(lexeme, 1) NOT IN ('{FORM_MARK}', '{ALTERNATIVE_MARK}')"

# Row ids per bucket of the search index (0009): a search reads the newest buckets first, so
# finding a common word's newest matches costs the rows of a few buckets, not of the store.
SEARCH_BUCKET_ROWS = 4096

# Named migrations, applied in order, each in its own transaction and recorded in `migrations`.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE articles (
            rowid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            outlet text, url text, title text, subtitle text, body text NOT NULL,
            published text, published_day text, published_raw text, author text,
            source text, source_line bigint, input_normalized boolean NOT NULL DEFAULT false,
            content_hash text NOT NULL,
            normalized text NOT NULL,
            index_lemmas text NOT NULL,
            index_forms text NOT NULL,
            spans bytea NOT NULL,
            repeats text NOT NULL DEFAULT '[]',
            warnings text NOT NULL DEFAULT '[]',
            entities text,
            minhash bytea,
            ingested_at text NOT NULL,
            updated_at text NOT NULL
        );
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE INDEX articles_day ON articles (published_day);
        """,
    ),
    (
        "0002_search",
        """
        ALTER TABLE articles ADD COLUMN search tsvector COMPRESSION lz4 NOT NULL DEFAULT ''::tsvector;
        ALTER TABLE articles ALTER COLUMN search SET STORAGE MAIN;
        CREATE INDEX articles_search ON articles USING gin (search);
        """,
    ),
    (
        "0003_duplicates",
        """
        CREATE TABLE minhash_bands (band integer NOT NULL, key bigint NOT NULL, article bigint NOT NULL);
        CREATE INDEX minhash_bands_key ON minhash_bands (band, key);
        CREATE INDEX minhash_bands_article ON minhash_bands (article);
        CREATE TABLE duplicate_pairs (
            article bigint NOT NULL, other bigint NOT NULL, similarity double precision NOT NULL,
            PRIMARY KEY (article, other)
        );
        CREATE INDEX duplicate_pairs_other ON duplicate_pairs (other);
        CREATE TABLE duplicate_groups (article bigint PRIMARY KEY, root bigint NOT NULL);
        CREATE INDEX duplicate_groups_root ON duplicate_groups (root);
        """,
    ),
    (
        # the source's other fields and what produced the analysis (JSON; NULL in rows from before)
        "0004_meta_provenance",
        """
        ALTER TABLE articles ADD COLUMN meta text;
        ALTER TABLE articles ADD COLUMN provenance text;
        """,
    ),
    (
        # the corpus's user lexicon (iton lexicon): a newsroom's lemmas, applied after the model
        "0005_lexicon",
        """
        CREATE TABLE lexicon (form text PRIMARY KEY, lemma text NOT NULL, upos text, added_at text NOT NULL);
        """,
    ),
    (
        # the other probable lemmas of index tokens (Article.alternatives); the search vector
        # holds them too (weight D, see store.tsquery) in rows written from now on, rows stored
        # before have none until they are ingested again
        "0006_alternatives",
        """
        ALTER TABLE articles ADD COLUMN index_alternatives text NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN alternative_positions bytea;
        """,
    ),
    (
        # Store.version() reads the newest change from this index instead of every row (as SQLite)
        "0007_articles_updated",
        """
        CREATE INDEX articles_updated ON articles (updated_at);
        """,
    ),
    (
        # search pages newest first (PostgresStore.by_date) walk this index in NEWEST_FIRST
        # order instead of sorting the matches: the day index above is in the database's
        # collation, ascending (a word in 93% of 100,000 articles: its first page took 181 ms
        # sorted, 0.5 ms walking this index)
        "0008_articles_newest",
        """
        CREATE INDEX articles_newest ON articles ((published_day COLLATE "C") DESC NULLS LAST, rowid DESC);
        """,
    ),
    (
        # The search vector indexed beside its row's bucket of row ids (btree_gin, a trusted
        # extension shipped with PostgreSQL): PostgresStore.search asks for the newest buckets
        # first and GIN intersects them with the words, so a word in most of 1,000,000 articles
        # finds its newest 2,000 matches in about 10 ms, where walking row ids newest first or
        # visiting every match took 140-400 ms. The index also answers the vector alone, so it
        # replaces the plain one. How many buckets to read comes from the planner's estimate of a
        # word's share, which it knows only for the words in its statistics: 1,000 by default,
        # 10,000 here (at 1,000,000 articles one-word p95 went from 102-114 ms to 62-85 ms).
        "0009_articles_search_by_bucket",
        f"""
        CREATE EXTENSION IF NOT EXISTS btree_gin;
        CREATE INDEX articles_search_by_bucket ON articles USING gin ((rowid / {SEARCH_BUCKET_ROWS}), search);
        DROP INDEX articles_search;
        ALTER TABLE articles ALTER COLUMN search SET STATISTICS 1000;
        ANALYZE articles;
        """,
    ),
    (
        # How many articles hold each lemma (as a word's best reading): a query word's other reading
        # is searched only where the store holds it about as often as the best one (corpus.search),
        # and counting two common lemmas through the index visited each match's row (עולה against
        # עלה, 80,401 and 112,840 of 1,000,000 articles: about a second). Kept by
        # PostgresStore.upsert (store.postgres_lemma_counts).
        "0010_lemma_articles",
        f"""
        CREATE TABLE lemma_articles (lemma text PRIMARY KEY, articles bigint NOT NULL);
        INSERT INTO lemma_articles (lemma, articles)
        SELECT lexeme, count(*) FROM articles, unnest(tsvector_to_array(search)) AS lexeme WHERE {IS_LEMMA} GROUP BY lexeme;
        """,
    ),
    (
        # Each article's neighbouring lemmas as pair lexemes ("a b"), indexed beside the row's bucket
        # as the search vector is (store.tsquery.LEMMA_PAIRS). A phrase's matches were found by
        # reading the vector of every article holding all its words: "אנו נזכה" (הוא זכה) checked
        # 65,648 of 1,000,000 articles for 4,233 matches, 650 ms. An index on an expression of
        # index_lemmas, so no row is rewritten and rows written any way are indexed. Its cost (100-300
        # µs a row, about 10,000 operators) keeps the planner from computing it row by row instead.
        "0011_lemma_pairs",
        f"""
        CREATE FUNCTION iton_lemma_pairs(lemmas text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
            SELECT coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector)
            FROM (SELECT w || ' ' || lead(w) OVER (ORDER BY n) AS pair, w <> '' AND lead(w) OVER (ORDER BY n) <> '' AS both_words
                  FROM unnest(string_to_array(lemmas, ' ')) WITH ORDINALITY AS t(w, n)) pairs
            WHERE both_words AND octet_length(pair) <= {MAX_LEXEME_BYTES}
        $$;
        SET LOCAL maintenance_work_mem = '256MB';
        CREATE INDEX articles_lemma_pairs ON articles USING gin ((rowid / {SEARCH_BUCKET_ROWS}), {LEMMA_PAIRS});
        ANALYZE articles;
        """,
    ),
]
