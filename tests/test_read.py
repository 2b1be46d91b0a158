import logging

import pytest

from kg.errors import InputError
from kg.read import collect_paths, load_rdf, read_document, read_documents


def write(path, content: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_folders_are_searched_recursively_in_order(tmp_path):
    write(tmp_path / "b.txt", "B")
    write(tmp_path / "sub" / "a.txt", "A")
    write(tmp_path / "notes.md", "ignored")
    write(tmp_path / ".hidden" / "c.txt", "hidden")
    paths = collect_paths([tmp_path])
    assert [p.name for p in paths] == ["b.txt", "a.txt"]


def test_files_and_folders_mix_and_duplicates_collapse(tmp_path):
    a = write(tmp_path / "a.txt", "A")
    paths = collect_paths([a, tmp_path, str(a)])
    assert paths == [a]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p / "missing.txt", "no such file or folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "contains no .txt files"),
    ],
)
def test_bad_inputs_name_the_path(tmp_path, setup, message):
    target = setup(tmp_path)
    with pytest.raises(InputError, match=message) as err:
        collect_paths([target])
    assert str(target) in str(err.value)


def test_same_stem_in_two_folders_is_refused(tmp_path):
    write(tmp_path / "x" / "a.txt", "1")
    write(tmp_path / "y" / "a.txt", "2")
    with pytest.raises(InputError, match="same document id 'a'"):
        collect_paths([tmp_path])


def test_document_id_is_the_file_stem(tmp_path):
    doc = read_document(write(tmp_path / "001_abc.txt", "Bonjour la Chine."))
    assert (doc.id, doc.text) == ("001_abc", "Bonjour la Chine.")


def test_non_utf8_names_file_byte_and_fix(tmp_path):
    path = write(tmp_path / "latin.txt", "Pékin".encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert str(path) in message and "not UTF-8" in message and "0xe9" in message
    assert "iconv" in message


def test_empty_files_are_skipped_with_a_warning(tmp_path, caplog):
    paths = [write(tmp_path / "a.txt", "Texte."), write(tmp_path / "b.txt", "  \n ")]
    skipped = []
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs = list(read_documents(paths, on_skip=lambda p, why: skipped.append((p.name, why))))
    assert [d.id for d in docs] == ["a"]
    assert skipped == [("b.txt", "empty")]
    assert "b.txt: empty file, skipped" in caplog.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("g.ttl", "this is not turtle", "not valid turtle RDF"),
        ("g.csv", "a,b", "unknown RDF suffix"),
    ],
)
def test_load_rdf_reports_bad_files(tmp_path, name, content, message):
    with pytest.raises(InputError, match=message):
        load_rdf(write(tmp_path / name, content))


def test_load_rdf_accepts_an_output_folder(tmp_path):
    write(tmp_path / "graph.ttl", "<urn:a> <urn:b> <urn:c> .")
    assert len(load_rdf(tmp_path)) == 1


def test_locate_finds_a_folder_here_or_above(tmp_path):
    from kg.read import locate

    (tmp_path / "seeds").mkdir()
    nested = tmp_path / "notebooks" / "deep"
    nested.mkdir(parents=True)
    assert locate("seeds", start=tmp_path) == tmp_path / "seeds"
    assert locate("seeds", start=nested) == tmp_path.resolve() / "seeds"
    assert locate(tmp_path / "seeds") == tmp_path / "seeds"
    with pytest.raises(InputError, match=r"nowhere: not found in .*deep or any folder above"):
        locate("nowhere", start=nested)
    with pytest.raises(InputError, match="no such file or folder"):
        locate(tmp_path / "nowhere")
