"""The kernel's background writer: writes in order, and never dies of a bad one."""

from __future__ import annotations

from mlops_lab.kernel.writer import StoreWriter


def test_the_writer_survives_a_failing_write_and_reports_it() -> None:
    writer = StoreWriter()
    done: list[int] = []

    def broken() -> None:
        raise TypeError("not a store value")

    writer.submit(broken)
    writer.submit(lambda: done.append(1))
    writer.flush()  # returns: the thread lived through the TypeError
    assert done == [1]
    assert writer.take_errors() == ["TypeError('not a store value')"]
    writer.close()
