// Top-K evaluation: candidate lists per protocol, scored in batches, accumulated by metrics::TopKAccumulator.
#include "train/kg_topk.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"
#include "metrics/topk.h"
#include "models/baselines/train_positives.h"

namespace emorec::train {
namespace {

using ItemLists = std::vector<std::vector<int64_t>>;

bool contains(const std::vector<int64_t>& sorted, int64_t item) {
  return std::binary_search(sorted.begin(), sorted.end(), item);
}

// Per user, the test positives that are not training positives.
ItemLists relevant_items(const ItemLists& test, const ItemLists& train) {
  ItemLists out(test.size());
  for (size_t u = 0; u < test.size(); ++u) {
    for (int64_t i : test[u]) {
      if (!contains(train[u], i)) out[u].push_back(i);
    }
  }
  return out;
}

std::vector<float> score_pairs(const PairScorer& score, const std::vector<int64_t>& users,
                               const std::vector<int64_t>& items) {
  const auto n = static_cast<int64_t>(users.size());
  const auto u = torch::from_blob(const_cast<int64_t*>(users.data()), {n}, torch::kLong);
  const auto i = torch::from_blob(const_cast<int64_t*>(items.data()), {n}, torch::kLong);
  const auto s = score(u, i).to(torch::kCPU, torch::kFloat).contiguous();
  if (s.numel() != n) throw RunError("top-K: the scorer returned " + std::to_string(s.numel()) + " scores for " +
                                     std::to_string(n) + " pairs");
  return std::vector<float>(s.data_ptr<float>(), s.data_ptr<float>() + n);
}

// Full ranking: users in chunks whose pairs fit the batch, every item of each.
void rank_full(const data::KgDataset& ds, const PairScorer& score, const TopKOptions& o,
               const std::vector<int64_t>& users, const ItemLists& train, const ItemLists& relevant,
               metrics::TopKAccumulator& acc) {
  const int64_t n_item = ds.interactions.n_item;
  const auto per_chunk = static_cast<size_t>(std::max<int64_t>(1, o.batch_pairs / n_item));
  std::vector<int64_t> pair_users, pair_items;
  for (size_t start = 0; start < users.size(); start += per_chunk) {
    const size_t end = std::min(users.size(), start + per_chunk);
    pair_users.clear(), pair_items.clear();
    for (size_t k = start; k < end; ++k) {
      for (int64_t i = 0; i < n_item; ++i) pair_users.push_back(users[k]), pair_items.push_back(i);
    }
    const auto scores = score_pairs(score, pair_users, pair_items);
    for (size_t k = start; k < end; ++k) {
      const auto u = static_cast<size_t>(users[k]);
      acc.add_user(scores.data() + (k - start) * static_cast<size_t>(n_item), n_item, train[u], relevant[u]);
    }
  }
}

// 1 + N: per relevant item, N uniform draws from the items the user has no positive for, the relevant item
// at a random place in its list (so that ties between scores favour neither side). Lists are scored together
// until they fill a batch.
void rank_sampled(const data::KgDataset& ds, const PairScorer& score, const TopKOptions& o,
                  const std::vector<int64_t>& users, const ItemLists& relevant, metrics::TopKAccumulator& acc) {
  const int64_t n_item = ds.interactions.n_item;
  std::vector<int64_t> all_rows(ds.interactions.size());
  std::iota(all_rows.begin(), all_rows.end(), 0);
  const auto liked = models::positives_by_user(ds, all_rows);
  Rng rng(derive_seed(o.seed, "topk-negatives"));
  std::vector<int64_t> pool, pair_users, pair_items;
  std::vector<std::pair<size_t, int64_t>> lists;  // (start in the pairs, place of the relevant item)
  auto flush = [&] {
    if (pair_users.empty()) return;
    const auto scores = score_pairs(score, pair_users, pair_items);
    for (size_t l = 0; l < lists.size(); ++l) {
      const size_t start = lists[l].first, end = l + 1 < lists.size() ? lists[l + 1].first : pair_users.size();
      acc.add_user(scores.data() + start, static_cast<int64_t>(end - start), {}, {lists[l].second});
    }
    pair_users.clear(), pair_items.clear(), lists.clear();
  };
  for (int64_t user : users) {
    const auto u = static_cast<size_t>(user);
    pool.clear();
    for (int64_t i = 0; i < n_item; ++i) {
      if (!contains(liked[u], i)) pool.push_back(i);
    }
    for (int64_t item : relevant[u]) {
      const size_t n = std::min(pool.size(), static_cast<size_t>(o.negatives));
      const auto place = static_cast<int64_t>(uniform_below(rng, n + 1));
      lists.emplace_back(pair_users.size(), place);
      for (size_t j = 0; j < n; ++j) {  // partial Fisher-Yates over the pool
        std::swap(pool[j], pool[j + static_cast<size_t>(uniform_below(rng, pool.size() - j))]);
      }
      for (size_t j = 0; j <= n; ++j) {
        pair_users.push_back(user);
        const auto at = static_cast<int64_t>(j);
        pair_items.push_back(at == place ? item : pool[at < place ? j : j - 1]);
      }
      if (static_cast<int64_t>(pair_users.size()) >= o.batch_pairs) flush();
    }
  }
  flush();
}

}  // namespace

std::vector<std::pair<std::string, double>> evaluate_topk(const data::KgDataset& ds, const PairScorer& score,
                                                          const TopKOptions& o) {
  const auto train = models::train_positives_by_user(ds);
  const auto relevant = relevant_items(models::positives_by_user(ds, ds.split.test), train);
  std::vector<int64_t> users;
  for (size_t u = 0; u < relevant.size(); ++u) {
    if (!relevant[u].empty()) users.push_back(static_cast<int64_t>(u));
  }
  if (users.empty()) throw RunError("top-K: no test user has a test positive that is not a training positive");
  if (o.max_users > 0 && static_cast<size_t>(o.max_users) < users.size()) {
    Rng rng(derive_seed(o.seed, "topk-users"));
    for (size_t j = 0; j < static_cast<size_t>(o.max_users); ++j) {
      std::swap(users[j], users[j + static_cast<size_t>(uniform_below(rng, users.size() - j))]);
    }
    users.resize(static_cast<size_t>(o.max_users));
    std::sort(users.begin(), users.end());
  }
  metrics::TopKAccumulator acc(o.cutoffs);
  if (o.protocol == TopKProtocol::kFull) {
    rank_full(ds, score, o, users, train, relevant, acc);
  } else {
    rank_sampled(ds, score, o, users, relevant, acc);
  }
  const auto m = acc.result();
  std::vector<std::pair<std::string, double>> out;
  for (size_t c = 0; c < m.k.size(); ++c) {
    const auto k = std::to_string(m.k[c]);
    out.emplace_back("precision@" + k, m.precision[c]);
    out.emplace_back("recall@" + k, m.recall[c]);
    out.emplace_back("ndcg@" + k, m.ndcg[c]);
  }
  out.emplace_back("lists", static_cast<double>(m.users));
  return out;
}

}  // namespace emorec::train
