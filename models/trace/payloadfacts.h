#pragma once

#include <string>

namespace Osp {

/// The few fields of a raw OSProfiler payload that the views need (osprofiler-format.md §1),
/// gathered by whichever reader met the payload (streaming report reader, event reader).
struct PayloadFacts
{
    bool isStop = false;
    std::string timestamp, baseId, message, etype;
    bool hasEtype = false;
    std::string method, path, query; // info.request (wsgi)
    std::string statement; // info.db
    std::string function; // info.function.name
    std::string reqMethod, reqHost, reqPath, reqScheme, reqPort; // info.requests (4.1+)

    void clear() { *this = PayloadFacts(); }

    /// The one-line "what it did": `POST /v2.1/servers`, `GET http://glance:9292/v2/images`,
    /// the SQL statement, or the traced function's name.
    std::string summary() const
    {
        if (!method.empty() || !path.empty())
            return method + ' ' + path + (query.empty() ? std::string() : '?' + query);
        if (!reqHost.empty() || !reqPath.empty()) {
            std::string target = reqScheme.empty() ? std::string() : reqScheme + "://";
            target += reqHost;
            if (!reqPort.empty())
                target += ':' + reqPort;
            return reqMethod + ' ' + target + reqPath;
        }
        if (!statement.empty())
            return statement;
        return function;
    }
};

} // namespace Osp
