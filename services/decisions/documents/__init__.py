"""The Word documents: the agenda (dagsorden) before a meeting and the minutes (referat) after."""
