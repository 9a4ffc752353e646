"""Hebrew-aware text handling: clean-up, tokenization and sentence splitting."""

from iton.text.clean import clean_token, clean_text
from iton.text.sentences import split_sentences
from iton.text.tokenize import tokenize, tokenize_spans

__all__ = ["clean_text", "clean_token", "split_sentences", "tokenize", "tokenize_spans"]
