# Widget tests (offscreen), included from tests/CMakeLists.txt when OSP_BUILD_GUI is on. Tests
# of the main window link ospgui, the same library the program runs.

# Runs the built ospview --screenshot and checks the PNG.
osp_add_test(tst_screenshot LABELS gui LIBS ospwidgets Qt6::Gui Qt6::Widgets nlohmann_json::nlohmann_json)
target_compile_definitions(tst_screenshot PRIVATE OSPVIEW_BIN="$<TARGET_FILE:ospview>")
add_dependencies(tst_screenshot ospview)
set_tests_properties(tst_screenshot PROPERTIES TIMEOUT 300)

# Selection sync, keyboard, filter, drops in the main window.
osp_add_test(tst_traceview LABELS gui LIBS ospgui Qt6::Widgets)

# The analysis views, search bar and header sorting (they also write the panel pictures when
# OSP_SCREENSHOT_DIR is set).
osp_add_test(tst_analysisview LABELS gui LIBS ospwidgets Qt6::Widgets)
set_tests_properties(tst_analysisview PROPERTIES TIMEOUT 300)

# The timeline and flame graph widgets, and their pictures checked pixel by pixel.
osp_add_test(tst_timelineview LABELS gui LIBS ospwidgets Qt6::Widgets)
osp_add_test(tst_canvaspixels LABELS gui LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json)
set_tests_properties(tst_canvaspixels PROPERTIES TIMEOUT 600)

# The collector dialog and collector tabs against a private redis-server.
osp_add_test(tst_collectordialog LABELS "integration;gui" LIBS ospgui Qt6::Widgets nlohmann_json::nlohmann_json)
set_tests_properties(tst_collectordialog PROPERTIES TIMEOUT 180)

# File > Profile a request... against two real WSGI services and a private redis-server.
osp_add_test(tst_profiledialog LABELS "integration;gui" LIBS ospgui Qt6::Widgets nlohmann_json::nlohmann_json)
set_tests_properties(tst_profiledialog PROPERTIES TIMEOUT 180)

# Background work: the cancel checks, AsyncTask runs and progress, the progress dialog.
osp_add_test(tst_jobs LABELS gui LIBS ospwidgets Qt6::Widgets)

# File > Export: every format written off the GUI thread.
osp_add_test(tst_exportmenu LABELS gui LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json)

# Shortcuts list, theme, remembered layout and recent files, About.
osp_add_test(tst_desktopintegration LABELS gui LIBS ospgui Qt6::Widgets)

# The comparison tab with the main window's entry points.
osp_add_test(tst_comparisonview LABELS gui LIBS ospgui Qt6::Widgets nlohmann_json::nlohmann_json)
set_tests_properties(tst_comparisonview PROPERTIES TIMEOUT 120)

# "Remember password in the keyring" in the collector dialogs, against a private redis-server
# with a password (in-memory store), and qtkeychain without a keyring.
osp_add_test(tst_keyring LABELS "integration;gui" LIBS ospwidgets Qt6::Widgets)
set_tests_properties(tst_keyring PROPERTIES TIMEOUT 120)
# The same store against a real gnome-keyring-daemon on a private D-Bus session, through
# keyring_roundtrip.sh (skipped, exit 77, where gnome-keyring or dbus is not installed).
add_executable(tst_keyring_roundtrip tst_keyring_roundtrip.cpp)
target_link_libraries(tst_keyring_roundtrip PRIVATE ospwidgets Qt6::Test)
add_test(NAME tst_keyring_roundtrip
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/keyring_roundtrip.sh $<TARGET_FILE:tst_keyring_roundtrip>)
set_tests_properties(tst_keyring_roundtrip PROPERTIES LABELS "integration;gui" TIMEOUT 60
                     SKIP_RETURN_CODE 77)

# The paint benchmark (run by ./dev bench) and the main window's (open, script, memory).
add_executable(bench_paint bench_paint.cpp)
target_link_libraries(bench_paint PRIVATE ospwidgets ospcore Qt6::Widgets)
add_test(NAME bench_paint COMMAND bench_paint ${OSP_BENCH_DIR}/s1m.json)
set_tests_properties(bench_paint PROPERTIES LABELS bench TIMEOUT 7200
                     ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
add_executable(bench_gui bench_gui.cpp)
target_link_libraries(bench_gui PRIVATE ospgui nlohmann_json::nlohmann_json)

# Desktop files against the built programs: man pages against --help, the .deb's contents
# (quick), installing the .deb on a debootstrap Debian 12 root (heavy: root, network, minutes).
add_test(NAME packaging_manpages
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/packaging/check_manpages.py
                 $<TARGET_FILE:osptrace> $<TARGET_FILE:ospview> ${CMAKE_SOURCE_DIR}/packaging/man)
add_test(NAME packaging_deb_contents
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/packaging/check_package.py
                 ${CMAKE_BINARY_DIR})
set_tests_properties(packaging_manpages packaging_deb_contents PROPERTIES LABELS integration
                     ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
set_tests_properties(packaging_deb_contents PROPERTIES TIMEOUT 300 RUN_SERIAL ON)
# The package users get, from a normal tree: a sanitized tree would package instrumented
# programs, which is not what this test is about.
if(NOT OSP_SANITIZE)
    add_test(NAME packaging_deb_install
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/packaging/deb_install_test.sh
                     ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
    set_tests_properties(packaging_deb_install PROPERTIES LABELS heavy TIMEOUT 1800
                         SKIP_RETURN_CODE 77)
    # Both README commands on a fresh Debian 12 (debootstrap minbase, root, only the repository).
    add_test(NAME fresh_machine
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/packaging/fresh_machine_test.sh ${CMAKE_SOURCE_DIR})
    set_tests_properties(fresh_machine PROPERTIES LABELS heavy TIMEOUT 7200 SKIP_RETURN_CODE 77)
endif()
