# GUI-side tests, included from tests/CMakeLists.txt when OSP_BUILD_GUI is on.

# The flat call tree model is Qt Core only: it runs with the core tests (and their sanitizers).
osp_add_test(tst_calltreemodel LABELS "core;gui")

# Runs the built ospview --screenshot and checks the PNG.
osp_add_test(tst_screenshot LABELS gui LIBS ospwidgets Qt6::Gui Qt6::Widgets)
target_compile_definitions(tst_screenshot PRIVATE OSPVIEW_BIN="$<TARGET_FILE:ospview>")
add_dependencies(tst_screenshot ospview)
set_tests_properties(tst_screenshot PROPERTIES TIMEOUT 300)

# Widgets offscreen: selection sync, keyboard, filter, drops (MainWindow compiled in).
osp_add_test(tst_traceview LABELS gui LIBS ospwidgets Qt6::Widgets
             SOURCES ${CMAKE_SOURCE_DIR}/app/gui/mainwindow.cpp)
target_include_directories(tst_traceview PRIVATE ${CMAKE_SOURCE_DIR}/app/gui)
