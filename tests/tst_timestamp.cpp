#include "util/durationformat.h"
#include "util/timestamp.h"

#include <QTest>

using namespace Osp;

class TestTimestamp : public QObject
{
    Q_OBJECT
private slots:
    void parsesOsprofilerLayout()
    {
        const auto us = Timestamp::parseUtcMicros("2026-11-26T05:47:03.520985");
        QVERIFY(us);
        // date -u -d 2026-11-26T05:47:03 +%s
        QCOMPARE(*us, 1795672023LL * 1000000 + 520985);
        QCOMPARE(Timestamp::formatOsprofiler(*us), std::string("2026-11-26T05:47:03.520985"));
        QCOMPARE(Timestamp::formatUtc(*us), QStringLiteral("2026-11-26 05:47:03.520985"));
    }
    void acceptsVariants()
    {
        QCOMPARE(*Timestamp::parseUtcMicros("1970-01-01 00:00:01"), 1000000LL);
        QCOMPARE(*Timestamp::parseUtcMicros("1970-01-01T00:00:00.5Z"), 500000LL);
        QCOMPARE(*Timestamp::parseUtcMicros("1970-01-01T00:00:00.1234567"), 123456LL);
        QCOMPARE(*Timestamp::parseUtcMicros("1969-12-31T23:59:59.000000"), -1000000LL);
    }
    void rejectsGarbage()
    {
        QVERIFY(!Timestamp::parseUtcMicros(""));
        QVERIFY(!Timestamp::parseUtcMicros("yesterday"));
        QVERIFY(!Timestamp::parseUtcMicros("2026-13-01T00:00:00"));
        QVERIFY(!Timestamp::parseUtcMicros("2026-11-26T05:47:03."));
        QVERIFY(!Timestamp::parseUtcMicros("2026-11-26T05:47:03.52 junk"));
        QVERIFY(!Timestamp::parseUtcMicros("1795664823"));
    }
    void formatsDurations()
    {
        QCOMPARE(formatDurationAscii(842), std::string("842 us"));
        QCOMPARE(formatDurationAscii(12345), std::string("12.345 ms"));
        QCOMPARE(formatDurationAscii(12345, true), std::string("12 ms"));
        QCOMPARE(formatDurationAscii(32100000), std::string("32.100 s"));
        QCOMPARE(formatDuration(5), QStringLiteral("5 \u00b5s"));
    }
};

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
