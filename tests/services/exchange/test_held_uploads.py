"""Uploaded import files wait for their confirmation privately, and not for ever."""

import stat

from tracker.services.exchange.held_uploads import KEEP_FOR, UploadStore


def test_a_held_file_is_readable_by_its_uploader_only(tmp_path):
    store = UploadStore(tmp_path / "imports")
    token = store.hold(b"code,title\n", user_id=7, file_name="a.csv", kind="csv")
    assert store.get(token, 7).data == b"code,title\n"
    assert store.get(token, 8) is None
    place = tmp_path / "imports" / token
    assert stat.S_IMODE(place.stat().st_mode) == 0o700
    for name in ("data", "meta.json"):
        assert stat.S_IMODE((place / name).stat().st_mode) == 0o600


def test_a_file_older_than_a_day_is_not_given_back(tmp_path, time_machine):
    time_machine.move_to("2030-01-01 12:00", tick=False)
    store = UploadStore(tmp_path / "imports")
    token = store.hold(b"code,title\n", user_id=7, file_name="a.csv", kind="csv")
    time_machine.shift(KEEP_FOR - 60)
    assert store.get(token, 7) is not None
    time_machine.shift(120)
    assert store.get(token, 7) is None


def test_an_upload_removes_only_the_files_older_than_a_day(tmp_path, time_machine):
    time_machine.move_to("2030-01-01 12:00", tick=False)
    store = UploadStore(tmp_path / "imports")
    old = store.hold(b"a", user_id=7, file_name="a.csv", kind="csv")
    time_machine.shift(KEEP_FOR - 60)
    recent = store.hold(b"b", user_id=7, file_name="b.csv", kind="csv")
    time_machine.shift(120)
    store.hold(b"c", user_id=7, file_name="c.csv", kind="csv")
    assert not (tmp_path / "imports" / old).exists()
    assert store.get(recent, 7).data == b"b"
