"""Controllers: widgets without a display that own a screen's jobs (edits, verification,
go-live, exports, keeping up with the database).

A screen composes them next to its visible widgets and hands each its collaborators
explicitly (the app context, the release state, callbacks). Their workers post result messages
to the controller itself; what the screen must draw is posted on as a message (``ItemsChanged``,
``RunningChanged``...) that bubbles up to the screen.
"""
