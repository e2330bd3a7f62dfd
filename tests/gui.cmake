# GUI-side tests, included from tests/CMakeLists.txt when OSP_BUILD_GUI is on.

# The flat call tree model is Qt Core only: it runs with the core tests (and their sanitizers).
osp_add_test(tst_calltreemodel LABELS "core;gui")

# Runs the built ospview --screenshot and checks the PNG.
osp_add_test(tst_screenshot LABELS gui LIBS ospwidgets Qt6::Gui Qt6::Widgets nlohmann_json::nlohmann_json)
target_compile_definitions(tst_screenshot PRIVATE OSPVIEW_BIN="$<TARGET_FILE:ospview>")
add_dependencies(tst_screenshot ospview)
set_tests_properties(tst_screenshot PROPERTIES TIMEOUT 300)

# Widgets offscreen: selection sync, keyboard, filter, drops (MainWindow compiled in).
osp_add_test(tst_traceview LABELS gui LIBS ospwidgets Qt6::Widgets
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcollector.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcompare.cpp)
target_include_directories(tst_traceview PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)

# Issue 4: the analysis item models (Qt Core only) and the analysis views, search bar and
# header sorting offscreen (they also write the panel pictures when OSP_SCREENSHOT_DIR is set).
osp_add_test(tst_analysismodels LABELS "core;gui")
osp_add_test(tst_analysisview LABELS gui LIBS ospwidgets Qt6::Widgets)
set_tests_properties(tst_analysisview PROPERTIES TIMEOUT 300)

# Issue 3: the collector dialog and collector tabs against a private redis-server (integration).
osp_add_test(tst_collectordialog LABELS "integration;gui" LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcollector.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcompare.cpp)
target_include_directories(tst_collectordialog PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)
set_tests_properties(tst_collectordialog PROPERTIES TIMEOUT 180)

# Issue 3: File ▸ Profile a request… against two real WSGI services and a private redis-server.
osp_add_test(tst_profiledialog LABELS "integration;gui" LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcollector.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcompare.cpp)
target_include_directories(tst_profiledialog PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)
set_tests_properties(tst_profiledialog PROPERTIES TIMEOUT 180)

# Issue 9: File > Export offscreen (every format written off the GUI thread).
osp_add_test(tst_exportmenu LABELS gui LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json)

# Issue 9: shortcuts list, theme, remembered layout/recent files, About (MainWindow compiled in).
osp_add_test(tst_desktopintegration LABELS gui LIBS ospwidgets Qt6::Widgets
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcollector.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcompare.cpp)
target_include_directories(tst_desktopintegration PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)

# Issue 6: the comparison table model (Qt Core only) and the comparison tab with the main
# window's entry points, offscreen.
osp_add_test(tst_comparisonmodel LABELS "core;gui" LIBS nlohmann_json::nlohmann_json)
osp_add_test(tst_comparisonview LABELS gui LIBS ospwidgets Qt6::Widgets nlohmann_json::nlohmann_json
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcollector.cpp
                     ${CMAKE_SOURCE_DIR}/app/gui/mainwindowcompare.cpp)
target_include_directories(tst_comparisonview PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)
set_tests_properties(tst_comparisonview PROPERTIES TIMEOUT 120)

# Issue 8, secrets: "Remember password in the keyring" in the collector dialogs, against a
# private redis-server with a password (in-memory store), and qtkeychain without a keyring.
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
