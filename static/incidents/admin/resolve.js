// Placing a mention: a place found with the map's gazetteer search becomes a "use this place" button.
const choice = document.getElementById('search-choice');
document.addEventListener('picker:place', (event) => {
  const place = event.detail;
  const button = choice.querySelector('button');
  button.value = place.id;
  button.textContent = [place.name_en, place.name_ar].filter(Boolean).join(' / ');
  choice.hidden = false;
});
