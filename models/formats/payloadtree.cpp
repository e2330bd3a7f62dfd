#include "formats/payloadtree.h"

#include "formats/jsondom.h"

#include <nlohmann/json.hpp>

namespace Osp {

namespace {

using Json = nlohmann::ordered_json;

QString scalarText(const Json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_null())
        return QStringLiteral("null");
    return QString::fromStdString(v.dump());
}

/// Appends value's rows below `first` (already appended for the value itself), iteratively
/// (DESIGN.md: no recursion over user data, even small payloads).
void appendRows(std::vector<PayloadRow> &rows, const Json &value, PayloadRow first)
{
    struct Pending
    {
        const Json *value;
        PayloadRow row;
    };
    std::vector<Pending> stack { { &value, std::move(first) } };
    while (!stack.empty()) {
        Pending p = std::move(stack.back());
        stack.pop_back();
        const Json &val = *p.value;
        std::vector<Pending> kids;
        if (val.is_object()) {
            p.row.kind = PayloadRow::Object;
            for (auto it = val.begin(); it != val.end(); ++it)
                kids.push_back({ &it.value(),
                    PayloadRow {
                        .depth = p.row.depth + 1, .name = QString::fromStdString(it.key()) } });
        } else if (val.is_array()) {
            p.row.kind = PayloadRow::Array;
            for (size_t k = 0; k < val.size(); ++k)
                kids.push_back({ &val[k],
                    PayloadRow { .depth = p.row.depth + 1, .name = QString::number(k) } });
        } else {
            p.row.kind = PayloadRow::Scalar;
            p.row.text = scalarText(val);
        }
        p.row.size = kids.size();
        rows.push_back(std::move(p.row));
        for (auto kid = kids.rbegin(); kid != kids.rend(); ++kid)
            stack.push_back(std::move(*kid));
    }
}

} // namespace

PayloadTree payloadTree(const Trace &trace, SpanIndex span)
{
    PayloadTree tree;
    Json all = Json::object();
    for (const RawEntry &e : trace.entries(span)) {
        bool ok = true;
        const std::string text = trace.rawText(e.value(), &ok);
        const std::string key(trace.view(e.key()));
        // "meta.raw_payload.wsgi-start" → "wsgi-start": the event name is what tells the
        // entries apart; the full key stays in the row and in the JSON.
        PayloadRow row { .name = QString::fromStdString(key), .key = QString::fromStdString(key) };
        const QLatin1String payloadPrefix("meta.raw_payload.");
        if (row.name.startsWith(payloadPrefix))
            row.name = row.name.mid(payloadPrefix.size());
        if (!ok) {
            row.kind = PayloadRow::Unreadable;
            tree.rows.push_back(std::move(row));
            continue;
        }
        Json value;
        bool parsed = false;
        try {
            // Too deep to copy into the tree safely: shown as text, like text that is not JSON.
            parsed = JsonDom::parse(text, value);
        } catch (const nlohmann::json::exception &) { }
        if (!parsed) {
            row.kind = PayloadRow::NotJson;
            row.text = QString::fromStdString(text);
            tree.rows.push_back(std::move(row));
            all[key] = text;
            continue;
        }
        all[key] = std::move(value);
        appendRows(tree.rows, all[key], std::move(row));
    }
    // Payloads are small, so dump()'s recursion is harmless here.
    tree.json = QString::fromStdString(all.dump(4));
    return tree;
}

} // namespace Osp
