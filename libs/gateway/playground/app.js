// The playground's page script (plain browser JavaScript, loaded after React, ReactDOM and
// GraphiQL's UMD builds, all served by the gateway). The pasted token is kept in this browser's
// localStorage and sent as `Authorization: Bearer …` with every request.
(function () {
  'use strict';
  var tokenInput = document.getElementById('token');
  var select = document.getElementById('example');
  var description = document.getElementById('example-description');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var examples = [];
  var generation = 0;

  tokenInput.value = localStorage.getItem('opora.token') || '';

  function fetcher(token) {
    return GraphiQL.createFetcher({
      url: '/graphql',
      headers: token ? { Authorization: 'Bearer ' + token } : {},
    });
  }

  function render() {
    var token = tokenInput.value.trim();
    renderedToken = token;
    var example = examples[Number(select.value)] || { query: '', variables: '' };
    description.textContent = example.description || '';
    generation += 1;
    root.render(
      React.createElement(GraphiQL, {
        key: generation,
        fetcher: fetcher(token),
        defaultQuery: example.query,
        query: example.query,
        variables: example.variables,
        defaultEditorToolsVisibility: 'variables',
        shouldPersistHeaders: false,
      }),
    );
  }

  // Remount GraphiQL (new fetcher, schema fetched again) only when the token really changed:
  // 'change' fires again on blur, and a remount then would swallow the click that caused it.
  var renderedToken = null;
  tokenInput.addEventListener('change', function () {
    var token = tokenInput.value.trim();
    if (token === renderedToken) return;
    localStorage.setItem('opora.token', token);
    render();
  });
  select.addEventListener('change', render);

  fetch('/playground/operations.json')
    .then(function (r) {
      return r.json();
    })
    .then(function (list) {
      examples = list;
      list.forEach(function (example, i) {
        var option = document.createElement('option');
        option.value = String(i);
        option.textContent = example.title;
        select.appendChild(option);
      });
      render();
    });
})();
