#pragma once
// GUI tests write their pictures to $OSP_SCREENSHOT_DIR when it is set (to look at them, and
// for the README); without it they write nothing.

#include <QWidget>
#include <QtTest>

namespace OspTest {

inline void savePicture(QWidget *w, const QString &name)
{
    const QByteArray dir = qgetenv("OSP_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(
            QString::fromLocal8Bit(dir) + QLatin1Char('/') + name + QStringLiteral(".png")));
}

} // namespace OspTest
