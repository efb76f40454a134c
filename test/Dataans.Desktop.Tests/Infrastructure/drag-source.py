#!/usr/bin/python3
# Another application to drag a file from: a GTK 3 window (Debian's python3-gi) with one button that offers
# the file as text/uri-list, as a file manager does. Usage: drag-source.py TITLE X Y PATH
import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, Gio, Gtk  # noqa: E402

title, x, y, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
window = Gtk.Window(title=title)
window.move(x, y)
window.set_default_size(200, 80)
button = Gtk.Button(label="drag me")
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
button.connect("drag-data-get", lambda widget, context, data, info, time: data.set_uris([Gio.File.new_for_path(path).get_uri()]))
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
