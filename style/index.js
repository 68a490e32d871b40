import './base.css';
import './tracking.css';
import './reproduce.css';
