#pragma once
// A judge model for the fake servers: it reads the rubric and the text out of a real request body
// (OpenAI Chat Completions or Anthropic Messages, as the engine sends them) and answers, in the real
// wire format, whatever `decide(rubric, text)` returns. A request that is not a judge request (no
// system prompt, no rubric, tools offered) gets a 400, as a careless request would from a real API.
#include <functional>
#include <string>

#include "agent/scripted_models.hpp"

namespace opsgym::testing {

using Decide = std::function<std::string(const std::string& rubric, const std::string& text)>;

struct JudgeAsk {
  std::string system;
  std::string rubric;
  std::string text;
};

// Reads a judge request; false when it is not one.
inline bool read_judge_request(const FakeRequest& request, bool anthropic, JudgeAsk& ask) {
  const Json& body = request.json;
  if (!body.is_object() || !body.contains("messages") || body.contains("tools")) return false;
  std::string user;
  if (anthropic) {
    if (!body.contains("system") || !body["system"].is_string()) return false;
    ask.system = body["system"];
    if (body["messages"].size() != 1 || body["messages"][0].value("role", "") != "user") return false;
    for (const auto& block : body["messages"][0]["content"])
      if (block.value("type", "") == "text") user += block.value("text", "");
  } else {
    const Json& messages = body["messages"];
    if (messages.size() != 2 || messages[0].value("role", "") != "system" || messages[1].value("role", "") != "user")
      return false;
    ask.system = messages[0].value("content", "");
    user = messages[1].value("content", "");
  }
  const std::string rubric_mark = "Rubric:\n", text_mark = "\n<<<\n", end_mark = "\n>>>";
  size_t rubric_at = user.find(rubric_mark), text_at = user.find(text_mark), end_at = user.rfind(end_mark);
  if (rubric_at != 0 || text_at == std::string::npos || end_at == std::string::npos || end_at < text_at) return false;
  size_t rubric_end = user.find("\n\nText");
  if (rubric_end == std::string::npos) return false;
  ask.rubric = user.substr(rubric_mark.size(), rubric_end - rubric_mark.size());
  ask.text = user.substr(text_at + text_mark.size(), end_at - text_at - text_mark.size());
  return true;
}

inline FakeResponse judge_scripted(const Decide& decide, const FakeRequest& request) {
  bool anthropic = request.path == "/v1/messages";
  if (!anthropic && request.path != "/v1/chat/completions") return bad_request("unknown path " + request.path, false);
  JudgeAsk ask;
  if (!read_judge_request(request, anthropic, ask)) return bad_request("not a judge request", anthropic);
  ScriptedTurn turn{decide(ask.rubric, ask.text), {}};
  return {200, anthropic ? anthropic_reply(turn, 0) : openai_reply(turn, 0), {}, {}};
}

// A models file with one model `judge` on `base_url` (and nothing else: the agents of judge tests are
// the built-in ones), priced so that judging has a cost.
inline std::string judge_models_yaml(const std::string& provider, const std::string& base_url,
                                     const std::string& extra_model_fields = "") {
  return "models:\n  - name: judge\n    provider: " + provider + "\n    base_url: " + base_url +
         "\n    model: judge-1\n    price: { input: 1.0, output: 5.0 }\n    concurrency: 4\n    timeout_s: 5\n" +
         extra_model_fields;
}

}  // namespace opsgym::testing
