// CloudFront Function (cloudfront-js-2.0), viewer request on /credentials/{id}: reduces the
// Accept header to the one media type the origin would choose (shared/use-cases/
// public-documents.ts negotiateFormat), so the cache holds three variants of a credential
// instead of one per browser's Accept string. A test runs this file against negotiateFormat.
function normalizeAccept(accept) {
  var types = [];
  var parts = (accept || '').split(',');
  for (var i = 0; i < parts.length; i++) {
    var pieces = parts[i].trim().toLowerCase().split(';');
    var q = 1;
    for (var j = 1; j < pieces.length; j++) {
      var p = pieces[j].trim();
      if (p.indexOf('q=') === 0) q = Number(p.slice(2));
    }
    if (isNaN(q)) q = 0;
    if (q > 0) types.push({ type: pieces[0].trim(), q: q });
  }
  var best = function (test) {
    var found;
    for (var k = 0; k < types.length; k++) if (test(types[k].type) && (!found || types[k].q > found.q)) found = types[k];
    return found;
  };
  var jwt = best(function (t) { return t === 'application/vc+jwt'; });
  var json = best(function (t) { return /^application\/(ld\+json|json|vc\+ld\+json|vc)$/.test(t); });
  var html = best(function (t) { return t === 'text/html' || t === 'application/xhtml+xml'; });
  if (html && (!json || html.q > json.q) && (!jwt || html.q > jwt.q)) return 'text/html';
  return jwt && (!json || jwt.q >= json.q) ? 'application/vc+jwt' : 'application/ld+json';
}

function handler(event) {
  var request = event.request;
  var accept = request.headers.accept ? request.headers.accept.value : '';
  request.headers.accept = { value: normalizeAccept(accept) };
  return request;
}
