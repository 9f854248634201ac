"""The draft checker: ``check_text``/``check_draft`` run every registered rule."""
