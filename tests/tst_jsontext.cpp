// The JSON text helpers that make our report output identical to Python's json.dumps.
#include "util/jsontext.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace Osp;

class TestJsonText : public QObject
{
    Q_OBJECT
private slots:
    void escapesLikePython()
    {
        std::string out;
        JsonText::appendString(out, "a\"b\\c\n\t\x01 \xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80");
        QCOMPARE(out, std::string("\"a\\\"b\\\\c\\n\\t\\u0001 \\u00e9 \\u2603 \\ud83d\\ude00\""));
    }
    void reindentsLikeJsonDumps()
    {
        std::string out;
        JsonText::appendReindented(out, "{\"a\":[1, {\"b\":{}} ,[]],\"c\" : \"x, y: {z}\"}", 4);
        const std::string expected = "{\n"
                                     "      \"a\": [\n"
                                     "        1,\n"
                                     "        {\n"
                                     "          \"b\": {}\n"
                                     "        },\n"
                                     "        []\n"
                                     "      ],\n"
                                     "      \"c\": \"x, y: {z}\"\n"
                                     "    }";
        QCOMPARE(out, expected);
    }
    void reindentKeepsDataAtAnyDepth()
    {
        std::string deep;
        for (int i = 0; i < 50000; ++i)
            deep += "[";
        deep += "\"\\\"]\"";
        for (int i = 0; i < 50000; ++i)
            deep += "]";
        std::string out;
        JsonText::appendReindented(out, deep, 0);
        // Same tokens once whitespace is dropped outside strings.
        std::string squeezed;
        bool inString = false;
        for (size_t i = 0; i < out.size(); ++i) {
            const char c = out[i];
            if (inString) {
                squeezed.push_back(c);
                if (c == '\\')
                    squeezed.push_back(out[++i]);
                else if (c == '"')
                    inString = false;
            } else if (c != ' ' && c != '\n') {
                inString = c == '"';
                squeezed.push_back(c);
            }
        }
        QCOMPARE(squeezed, deep);
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
