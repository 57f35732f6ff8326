"""The blank cells a batch's identities prove (:func:`govlint.rules.identities.inferred_of`)
are, document by document, what each document's own pass proves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import Document
from govlint.rules.identities import inferred_of, verdicts

from .test_batch import SEEDS, documents


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(documents(), st.sampled_from(SEEDS)), max_size=8))
def test_a_batch_proves_what_each_document_proves_alone(batch: list[Document]) -> None:
    for version in {d.template for d in batch if d.template}:
        group = [d for d in batch if d.template == version]
        evaluated = verdicts(group, version)
        assert inferred_of(evaluated) == [v.inferred() for v in evaluated]
        assert inferred_of(evaluated) == [verdicts([d], version)[0].inferred() for d in group]


def test_no_documents_prove_nothing() -> None:
    assert inferred_of([]) == []
